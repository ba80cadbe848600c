/** @module wire/allowed-fast.test — tests. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { allowedFastSet } from './allowed-fast.js';

const sha1 = (d: Uint8Array): Uint8Array => new Uint8Array(createHash('sha1').update(d).digest());

describe('BEP 6 allowed-fast set', () => {
  // The BEP 6 example: 1313 pieces, peer 80.4.4.200, info-hash of twenty 0xaa bytes.
  const ip = new Uint8Array([80, 4, 4, 200]);
  const infoHash = new Uint8Array(20).fill(0xaa);

  it('matches the BEP 6 vector for k = 7', () => {
    expect(allowedFastSet(ip, infoHash, 1313, 7, sha1)).toEqual([1059, 431, 808, 1217, 287, 376, 1188]);
  });

  it('matches the BEP 6 vector for k = 9', () => {
    expect(allowedFastSet(ip, infoHash, 1313, 9, sha1)).toEqual([1059, 431, 808, 1217, 287, 376, 1188, 353, 508]);
  });

  it('is the same for the whole /24 and stops at the piece count', () => {
    expect(allowedFastSet(new Uint8Array([80, 4, 4, 1]), infoHash, 1313, 7, sha1)).toEqual(allowedFastSet(ip, infoHash, 1313, 7, sha1));
    expect(allowedFastSet(ip, infoHash, 3, 10, sha1).sort()).toEqual([0, 1, 2]);
  });
});
