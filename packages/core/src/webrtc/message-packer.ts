/**
 * @module webrtc/message-packer — cuts a byte stream (the connection's writes) into data channel
 * messages of exactly `size` bytes. The wire protocol over a data channel is a plain byte stream
 * (message boundaries mean nothing), and each message costs the browser a fixed amount (IPC to
 * the network thread, an SCTP message, a `message` event at the receiver), so full messages are
 * cheapest. The partial rest of a write stays in the packer until the next write completes it or
 * the connection decides to send it as it is ({@link MessagePacker.takeRest}).
 */

/** Packs writes into `size`-byte messages, reusing one buffer for the packed ones. */
export class MessagePacker {
  readonly size: number;
  /**
   * The one buffer packed messages are assembled in: `send` copies the bytes before it returns
   * (Chromium's RTCDataChannel, node-datachannel and @roamhq/wrtc all do), so a message can be
   * reused once sent. A fresh 64 KiB one per message cost the seeding tab ~0.3 s of allocation
   * and GC per 64 MiB (bench/web.mjs profile).
   */
  #scratch: Uint8Array | undefined;
  /** Bytes of the partial message in `#scratch` (0: none). */
  #fill = 0;

  constructor(size: number) {
    this.size = Math.max(1, size);
  }

  /** Bytes waiting for the next write to complete their message. */
  get restBytes(): number {
    return this.#fill;
  }

  /**
   * The full messages of `parts` (after any rest held from before), in order; what is left over
   * stays as the rest. A yielded message is valid until the next one is asked for: send it
   * before resuming the iteration. Parts large enough give whole messages straight out of
   * themselves (a view, no copy) when no rest is pending.
   */
  *pack(parts: readonly Uint8Array[]): Generator<Uint8Array, void, undefined> {
    const size = this.size;
    for (const part of parts) {
      let offset = 0;
      if (this.#fill === 0) {
        while (part.byteLength - offset >= size) {
          yield part.subarray(offset, offset + size);
          offset += size;
        }
      }
      while (offset < part.byteLength) {
        const msg = (this.#scratch ??= new Uint8Array(size));
        const n = Math.min(size - this.#fill, part.byteLength - offset);
        msg.set(part.subarray(offset, offset + n), this.#fill);
        this.#fill += n;
        offset += n;
        if (this.#fill === size) {
          this.#fill = 0;
          yield msg;
        }
      }
    }
  }

  /** The partial rest as a message (valid until the next `pack`), or `undefined`; clears it. */
  takeRest(): Uint8Array | undefined {
    if (this.#fill === 0) return undefined;
    const rest = this.#scratch!.subarray(0, this.#fill);
    this.#fill = 0;
    return rest;
  }

  /** Drops the rest (the connection is gone). */
  clear(): void {
    this.#fill = 0;
  }
}
