/**
 * @module swarm/byte-reader — pulls exact byte counts from a connection's chunk stream.
 * Used for the 68-byte handshake (BEP 3) before the frame decoder takes over the rest.
 * Chunks it keeps across pulls are copies (a connection may lend borrowed chunks, valid only
 * until the next pull: Connection.borrowReads); `rest()` hands the later ones on as they come.
 */

/** A pull reader over an async iterable of chunks; leftovers are kept for the next read. */
export class ByteReader {
  readonly #it: AsyncIterator<Uint8Array>;
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  #done = false;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.#it = source[Symbol.asyncIterator]();
  }

  /** Resolves with exactly `n` bytes, or null when the stream ends first. */
  async readExactly(n: number): Promise<Uint8Array | null> {
    while (this.#pendingBytes < n) {
      if (this.#done) return null;
      const r = await this.#it.next();
      if (r.done) {
        this.#done = true;
        return null;
      }
      if (r.value.length === 0) continue;
      this.#pending.push(r.value.slice());
      this.#pendingBytes += r.value.length;
    }
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const head = this.#pending[0]!;
      const take = Math.min(head.length, n - filled);
      out.set(head.subarray(0, take), filled);
      filled += take;
      if (take === head.length) this.#pending.shift();
      else this.#pending[0] = head.subarray(take);
    }
    this.#pendingBytes -= n;
    return out;
  }

  /** The remaining chunks: buffered leftovers first, then the rest of the stream. */
  async *rest(): AsyncGenerator<Uint8Array> {
    const buffered = this.#pending;
    this.#pending = [];
    this.#pendingBytes = 0;
    for (const chunk of buffered) yield chunk;
    if (this.#done) return;
    for (;;) {
      const r = await this.#it.next();
      if (r.done) return;
      yield r.value;
    }
  }

  /** Stops the underlying iterator (ends the read side). */
  async cancel(): Promise<void> {
    this.#done = true;
    await this.#it.return?.();
  }
}
