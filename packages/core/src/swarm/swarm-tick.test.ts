import { describe, expect, it } from 'vitest';
import { chokeAllowance } from './swarm-tick.js';

describe('chokeAllowance', () => {
  it('allows the blocks of ~2 s of our upload to the peer past a choke, none for a peer we sent nothing', () => {
    expect(chokeAllowance(0)).toBe(0);
    expect(chokeAllowance(-5)).toBe(0);
    // 2.5 MB/s (a 20 MB/s cap shared by 8 peers): 2 s of it is 306 blocks of 16 KiB.
    expect(chokeAllowance(2_500_000)).toBe(306);
    expect(chokeAllowance(16384)).toBe(2);
  });
});
