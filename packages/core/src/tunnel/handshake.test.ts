/** @module tunnel/handshake.test — key agreement: both sides agree, transcripts bind ids, bad hellos are typed errors. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyAlgorithm, answerKeyOffer, completeKeyOffer, createKeyOffer, decodeHello, type SessionKeys } from './handshake.js';

const ctx = { infoHash: 'ab'.repeat(20), dialerPeerId: 'dialer', listenerPeerId: 'listener' };
const iv = new Uint8Array(12);

async function seal(key: CryptoKey, text: string): Promise<ArrayBuffer> {
  return crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(text));
}
async function open(key: CryptoKey, ct: ArrayBuffer): Promise<string> {
  return new TextDecoder().decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, ct));
}

async function agree(algorithms?: Array<(typeof KeyAlgorithm)[keyof typeof KeyAlgorithm]>, listenerCtx = ctx): Promise<[SessionKeys, SessionKeys]> {
  const offer = await createKeyOffer(algorithms);
  const answer = await answerKeyOffer(offer.hello, listenerCtx);
  return [await completeKeyOffer(offer, answer.hello, ctx), answer.keys];
}

/** The hello an older peer would send: without the record-size entry (id 0x40). */
function withoutRecordSize(hello: Uint8Array): Uint8Array {
  const kept: number[] = [];
  let n = 0;
  for (let o = 2; o < hello.length; o += 2 + hello[o + 1]!) {
    if (hello[o] === 0x40) continue;
    kept.push(...hello.subarray(o, o + 2 + hello[o + 1]!));
    n++;
  }
  return new Uint8Array([hello[0]!, n, ...kept]);
}

describe('tunnel handshake', () => {
  it('both sides learn the peer accepts 1 MiB records; an older peer (no such entry) means 64 KiB', async () => {
    const [d, l] = await agree();
    expect([d.peerMaxRecordPlaintext, l.peerMaxRecordPlaintext]).toEqual([1024 * 1024, 1024 * 1024]);
    const offer = await createKeyOffer();
    offer.hello = withoutRecordSize(offer.hello);
    expect(offer.hello.length).toBeLessThan((await createKeyOffer()).hello.length);
    const answer = await answerKeyOffer(offer.hello, ctx);
    const dialer = await completeKeyOffer(offer, answer.hello, ctx);
    expect(answer.keys.peerMaxRecordPlaintext).toBe(64 * 1024); // the "old" dialer gets 64 KiB records
    expect(dialer.peerMaxRecordPlaintext).toBe(1024 * 1024);
    expect(dialer.fingerprint).toBe(answer.keys.fingerprint);
  });

  it('a relay that strips the record-size entry changes the transcript (fingerprints differ)', async () => {
    const offer = await createKeyOffer();
    const answer = await answerKeyOffer(withoutRecordSize(offer.hello), ctx);
    const dialer = await completeKeyOffer(offer, answer.hello, ctx);
    expect(dialer.fingerprint).not.toBe(answer.keys.fingerprint);
  });

  it('prefers X25519 and yields crossed per-direction keys with equal fingerprints', async () => {
    const [d, l] = await agree();
    expect(d.algorithm).toBe(KeyAlgorithm.X25519);
    expect(d.fingerprint).toBe(l.fingerprint);
    expect(d.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(await open(l.recvKey, await seal(d.sendKey, 'to listener'))).toBe('to listener');
    expect(await open(d.recvKey, await seal(l.sendKey, 'to dialer'))).toBe('to dialer');
    // directions use different keys: a record cannot be reflected back to its sender
    await expect(open(d.recvKey, await seal(d.sendKey, 'reflected'))).rejects.toThrow();
  });

  it('falls back to P-256 when that is all the dialer offers', async () => {
    const [d, l] = await agree([KeyAlgorithm.P256]);
    expect(d.algorithm).toBe(KeyAlgorithm.P256);
    expect(d.fingerprint).toBe(l.fingerprint);
    expect(await open(l.recvKey, await seal(d.sendKey, 'p256'))).toBe('p256');
  });

  it('binds the transcript: a listener told other peer ids derives other keys', async () => {
    const [d, l] = await agree(undefined, { ...ctx, dialerPeerId: 'someone-else' });
    expect(d.fingerprint).not.toBe(l.fingerprint);
    await expect(open(l.recvKey, await seal(d.sendKey, 'x'))).rejects.toThrow();
  });

  it('two sessions never share keys (ephemeral)', async () => {
    const [a] = await agree();
    const [b] = await agree();
    expect(a.fingerprint).not.toBe(b.fingerprint);
  });

  it('rejects a listener answer with a curve that was not offered', async () => {
    const offer = await createKeyOffer([KeyAlgorithm.X25519]);
    const p256 = await createKeyOffer([KeyAlgorithm.P256]);
    await expect(completeKeyOffer(offer, p256.hello, ctx)).rejects.toMatchObject({ name: 'TunnelError', code: 'HANDSHAKE_FAILED' });
  });

  it('rejects an invalid public key with HANDSHAKE_FAILED', async () => {
    const hello = new Uint8Array([1, 1, KeyAlgorithm.P256, 65, ...new Uint8Array(65).fill(7)]);
    await expect(answerKeyOffer(hello, ctx)).rejects.toMatchObject({ code: 'HANDSHAKE_FAILED' });
  });

  it('decodeHello: any bytes give entries or a HANDSHAKE_FAILED error, never a crash', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        try {
          for (const e of decodeHello(b)) expect(b.length).toBeGreaterThanOrEqual(2 + e.key.length);
        } catch (err) {
          expect(err).toMatchObject({ name: 'TunnelError', code: 'HANDSHAKE_FAILED' });
        }
      }),
    );
  });
});
