/**
 * @module adapters/node/tunnel-cipher — node:crypto AES-256-GCM for tunnel records.
 *
 * Synchronous `createCipheriv` / `createDecipheriv` calls cost far less per record than
 * WebCrypto's asynchronous `subtle.encrypt` (no promise, no thread-pool hop, no copy of the
 * result into a fresh ArrayBuffer). The bytes are exactly those of the WebCrypto cipher, so a
 * Node peer using this and a browser peer using WebCrypto interoperate. Inject it with
 * `dialViaRelay({ …, cipher: nodeTunnelCipher })` / `listenViaRelay({ …, cipher: nodeTunnelCipher })`.
 */
import { createCipheriv, createDecipheriv, createSecretKey } from 'node:crypto';
import type { RecordCipher } from '../../tunnel/record-cipher.js';

const TAG_BYTES = 16;

/** A node:crypto {@link RecordCipher} for the raw 32-byte AES-256 key `key`. */
export function nodeTunnelCipher(key: Uint8Array): RecordCipher {
  const secret = createSecretKey(key);
  const iv = Buffer.alloc(12); // 4 zero bytes | u64 big-endian counter; node:crypto copies it per call
  const nonce = (counter: number): Buffer => {
    iv.writeUInt32BE(Math.floor(counter / 0x1_0000_0000), 4);
    iv.writeUInt32BE(counter >>> 0, 8);
    return iv;
  };
  return {
    seal(counter, header, plain) {
      const c = createCipheriv('aes-256-gcm', secret, nonce(counter), { authTagLength: TAG_BYTES });
      c.setAAD(header);
      const ct = c.update(plain);
      c.final();
      return [ct, c.getAuthTag()]; // the sender copies both into the message: no extra copy here
    },
    open(counter, header, body) {
      const n = body.length - TAG_BYTES;
      const d = createDecipheriv('aes-256-gcm', secret, nonce(counter), { authTagLength: TAG_BYTES });
      d.setAAD(header);
      d.setAuthTag(body.subarray(n));
      const plain = d.update(body.subarray(0, n));
      d.final(); // throws when authentication fails
      return plain;
    },
    openPieces(counter, header, body) {
      let n = -TAG_BYTES;
      for (const b of body) n += b.length;
      if (n < 0) throw new Error('record shorter than its tag');
      // The tag is the last 16 bytes, possibly split across pieces.
      const tag = Buffer.allocUnsafe(TAG_BYTES);
      for (let i = body.length - 1, end = TAG_BYTES; end > 0; i--) {
        const b = body[i]!;
        const take = Math.min(end, b.length);
        tag.set(b.subarray(b.length - take), end - take);
        end -= take;
      }
      const d = createDecipheriv('aes-256-gcm', secret, nonce(counter), { authTagLength: TAG_BYTES });
      d.setAAD(header);
      d.setAuthTag(tag);
      const out: Uint8Array[] = [];
      for (let i = 0, left = n; i < body.length && left > 0; i++) {
        const b = body[i]!;
        const take = Math.min(left, b.length);
        out.push(d.update(take === b.length ? b : b.subarray(0, take)));
        left -= take;
      }
      d.final(); // throws when authentication fails: nothing decrypted is returned
      return out;
    },
    // Not zero-filled (every byte is written). Without a wire (tunnel-wire.ts) `ws` still masks
    // any Buffer into a fresh copy (it treats caller data as read-only): this saves the fill only.
    allocate: (bytes) => Buffer.allocUnsafe(bytes),
  };
}
