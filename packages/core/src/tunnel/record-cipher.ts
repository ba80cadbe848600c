/**
 * @module tunnel/record-cipher — the AES-256-GCM sealing of tunnel records, replaceable.
 *
 * The wire format is fixed (see {@link recordNonce}): nonce = 4 zero bytes | u64 big-endian
 * record counter, additional data = the 4-byte record header, body = ciphertext | 16-byte tag.
 * The default cipher is WebCrypto (asynchronous, runs everywhere). A platform may inject a
 * faster one through {@link SecureConnectionOptions.cipher} — Node's synchronous node:crypto
 * (`nodeTunnelCipher` in `@seedling/core/node`) costs far less per record. Results may be
 * returned synchronously or as promises; the connection keeps record order either way, and
 * peers using different ciphers interoperate because the bytes are identical.
 */
import { recordNonce } from './record.js';

/** A sealed record body (`ciphertext | tag`), whole or as pieces to concatenate (no copy needed). */
export type SealedBody = Uint8Array | readonly Uint8Array[];

/** Seals records of one direction (sending) or opens them (receiving), with one key. */
export interface RecordCipher {
  /**
   * `ciphertext | tag` of `plain` as record number `counter`; `plain` may be reused once this
   * returns. The result is fresh memory handed to the caller (a wire masks it in place).
   */
  seal(counter: number, header: Uint8Array, plain: Uint8Array): SealedBody | Promise<SealedBody>;
  /**
   * Plaintext of `body` (`ciphertext | tag`); throws or rejects when authentication fails.
   * `body` may be overwritten once this returns (a wire reads the socket into that memory again):
   * read or copy it synchronously, as WebCrypto does with its inputs.
   */
  open(counter: number, header: Uint8Array, body: Uint8Array): Uint8Array | Promise<Uint8Array>;
  /**
   * Optional: plaintext of a body given as pieces (as a wire reads it), as pieces, synchronously;
   * nothing is returned unless the tag verifies. Without it the pieces are joined for {@link open}.
   */
  openPieces?(counter: number, header: Uint8Array, body: readonly Uint8Array[]): Uint8Array[];
  /**
   * Allocates an outgoing message buffer (optional; default `new Uint8Array`). Node returns an
   * uninitialised `Buffer` (every byte is overwritten), saving the zero fill.
   */
  allocate?(bytes: number): Uint8Array;
}

/** Makes a {@link RecordCipher} from a raw 32-byte AES-256 key (synchronously). */
export type RecordCipherFactory = (key: Uint8Array) => RecordCipher;

/** Whether a cipher result is still pending. */
export function isPromise<T>(v: T | Promise<T>): v is Promise<T> {
  return typeof (v as { then?: unknown }).then === 'function';
}

/** The WebCrypto cipher (`crypto.subtle`, AES-GCM) over an AES-GCM key: asynchronous, so many records run in parallel. */
export function webCryptoCipher(k: CryptoKey): RecordCipher {
  const subtle = globalThis.crypto.subtle;
  return {
    // WebCrypto copies its inputs synchronously, so the caller may reuse `plain` at once.
    seal: async (counter, header, plain) =>
      new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv: recordNonce(counter), additionalData: header as Uint8Array<ArrayBuffer> }, k, plain as Uint8Array<ArrayBuffer>)),
    open: async (counter, header, body) =>
      new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv: recordNonce(counter), additionalData: header as Uint8Array<ArrayBuffer> }, k, body as Uint8Array<ArrayBuffer>)),
  };
}
