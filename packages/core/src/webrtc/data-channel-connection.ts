/**
 * @module webrtc/data-channel-connection — a {@link Connection} over one ordered, reliable
 * RTCDataChannel, carrying the BitTorrent wire protocol as a plain byte stream (as WebTorrent
 * does: message boundaries mean nothing, messages are split arbitrarily).
 */
import type { Connection } from '../transport/transport.js';
import { BufferedAmountDrain } from './buffered-amount-drain.js';
import { ByteQueue } from './byte-queue.js';
import { closeCleanly } from './channel-close.js';
import { WebRtcError } from './errors.js';
import { MessagePacker } from './message-packer.js';
import type { DataChannelConnectionInit } from './data-channel-options.js';
import { PartialMessageHold } from './partial-message-hold.js';
import type { RtcDataChannelLike, RtcMessageEventLike, RtcPeerConnectionLike } from './rtc-types.js';

export type { DataChannelConnectionInit, DataChannelConnectionOptions } from './data-channel-options.js';

const KIB = 1024;
const textEncoder = new TextEncoder();

/** Wraps an open data channel into a {@link Connection} of kind `'webrtc'`. */
export function createDataChannelConnection(init: DataChannelConnectionInit): Connection {
  return new DataChannelConnection(init);
}

class DataChannelConnection implements Connection {
  readonly kind = 'webrtc' as const;
  readonly remoteAddress: string;
  readonly initiator: boolean | undefined;
  readonly readable: AsyncIterable<Uint8Array>;
  readonly closed: Promise<void>;

  readonly #channel: RtcDataChannelLike;
  readonly #pc: RtcPeerConnectionLike | undefined;
  readonly #queue = new ByteQueue();
  readonly #drain: BufferedAmountDrain;
  readonly #packer: MessagePacker;
  readonly #maxReceive: number;
  readonly #pollMs: number;
  readonly #closeTimeoutMs: number;
  readonly #closeLingerMs: number;
  #tail: Promise<void> = Promise.resolve();
  /**
   * Runs while the packer holds a partial last message because the channel has plenty queued:
   * the next `#send` completes it, or the hold sends it once the queue runs short, or the close
   * sends it.
   */
  readonly #hold: PartialMessageHold;
  /** Writes not yet taken by the send loop, and the promise all of them resolve with. */
  #batch: { parts: Uint8Array[]; result: Promise<void> } | undefined;
  #writeError: Error | undefined;
  #tornDown = false;
  #localClosing = false;
  #resolveClosed!: () => void;

  constructor(init: DataChannelConnectionInit) {
    const o = init.options ?? {};
    this.#channel = init.channel;
    this.#pc = init.peerConnection;
    this.remoteAddress = init.remoteAddress;
    this.initiator = init.initiator;
    // Never above what the remote accepts: `pc.sctp.maxMessageSize` is the negotiated SDP
    // `max-message-size` (RFC 8841 §6; Chromium throws on a larger send).
    const remoteMax = init.peerConnection?.sctp?.maxMessageSize;
    const asked = Math.max(1, o.messageSize ?? 16 * KIB);
    this.#packer = new MessagePacker(remoteMax !== undefined && remoteMax > 0 && remoteMax < asked ? Math.max(16 * KIB, remoteMax) : asked);
    this.#maxReceive = o.maxReceiveBuffer ?? 64 * 1024 * KIB;
    this.#pollMs = o.drainPollMs ?? 10;
    this.#drain = new BufferedAmountDrain(this.#channel, o.highWaterMark ?? 1024 * KIB, o.lowWaterMark ?? 256 * KIB, this.#pollMs);
    this.#hold = new PartialMessageHold(
      this.#channel,
      this.#packer,
      () => !this.#writeError && !this.#tornDown,
      () => {
        this.#tail = this.#tail.then(() => this.#sendRest());
      },
    );
    this.#closeTimeoutMs = o.closeTimeoutMs ?? 5000;
    this.#closeLingerMs = o.closeLingerMs ?? 250;
    this.closed = new Promise((resolve) => {
      this.#resolveClosed = resolve;
    });
    this.readable = this.#queue.readable();

    const channel = this.#channel;
    channel.binaryType = 'arraybuffer';
    channel.addEventListener('message', this.#onMessage);
    channel.addEventListener('bufferedamountlow', this.#drain.onLow);
    channel.addEventListener('close', this.#onChannelClose);
    channel.addEventListener('error', this.#onChannelError);
    this.#pc?.addEventListener('connectionstatechange', this.#onPcState);
    this.#pc?.addEventListener('iceconnectionstatechange', this.#onPcState);
    if (channel.readyState === 'closing' || channel.readyState === 'closed') this.#onChannelClose();
  }

  write(data: Uint8Array): Promise<void> {
    if (this.#writeError) return Promise.reject(this.#writeError);
    // Writes made while earlier ones are still going out (or in the same tick) join one batch,
    // sent as messages of `messageSize`: a piece message and its neighbours leave in one 64 KiB
    // message instead of a 16 KiB block plus a 13-byte header. Each message costs the page a
    // fixed ~0.25 ms in `send` and the receiver one `message` event (bench/web.mjs traces).
    let batch = this.#batch;
    if (!batch) {
      const parts: Uint8Array[] = [];
      const result = this.#tail.then(async () => {
        // With plenty already queued in the channel (≥ 4 messages), a task's delay costs no
        // throughput and lets the writes of the next few blocks join this batch.
        if (this.#channel.bufferedAmount >= 4 * this.#packer.size) await nextTask();
        if (this.#batch?.parts === parts) this.#batch = undefined;
        return this.#send(parts);
      });
      this.#tail = result.catch(() => undefined);
      batch = this.#batch = { parts, result };
    }
    if (data.byteLength > 0) batch.parts.push(data);
    return batch.result;
  }

  close(err?: Error): void {
    if (this.#writeError) {
      if (err) this.#queue.abort(err);
      if (err && !this.#tornDown) this.#teardown();
      return;
    }
    this.#writeError = err ?? new WebRtcError('WEBRTC_CHANNEL_CLOSED', 'connection closed');
    this.#drain.reject(this.#writeError);
    if (err) {
      this.#queue.abort(err);
      this.#teardown();
      return;
    }
    this.#queue.end();
    void this.#flushThenTeardown();
  }

  /**
   * Sends `parts` as consecutive messages of exactly `messageSize` bytes (message-packer.ts).
   * A raw channel between two tabs moving 64 MiB used 5.7 renderer CPU-s with 49,204-byte
   * messages (three blocks with their headers: what the swarm's writes are) and 4.3–4.5 s with
   * 65,536-byte ones, at 7.2–7.6 against 8.4–8.9 MB/s (same run). The last, partial message is
   * held while the channel has plenty queued (partial-message-hold.ts): the next write completes
   * it, or the hold sends it once the queue runs short. With little queued (requests, `have`s,
   * an idle link) it goes at once.
   */
  async #send(parts: readonly Uint8Array[]): Promise<void> {
    this.#hold.stop();
    for (const message of this.#packer.pack(parts)) await this.#sendMessage(message);
    if (this.#packer.restBytes > 0) {
      if (this.#hold.shouldHold()) this.#hold.start();
      else await this.#sendMessage(this.#packer.takeRest()!);
    }
    if (this.#writeError) throw this.#writeError;
    if (this.#drain.full) await this.#drain.wait();
  }

  /**
   * Sends the held rest now (also after a clean `close()`: it was written before it). Failures
   * close the connection, as in `#sendMessage`.
   */
  #sendRest(): void {
    this.#hold.stop();
    const rest = this.#packer.takeRest();
    if (!rest || this.#tornDown || this.#channel.readyState !== 'open') return;
    try {
      this.#channel.send(rest);
    } catch (cause) {
      this.#fail(new WebRtcError('WEBRTC_SEND_FAILED', 'data channel send failed', { cause }));
    }
  }

  async #sendMessage(message: Uint8Array): Promise<void> {
    const channel = this.#channel;
    if (this.#writeError) throw this.#writeError;
    if (this.#drain.full) await this.#drain.wait();
    if (this.#writeError) throw this.#writeError;
    if (channel.readyState !== 'open') {
      const err = new WebRtcError('WEBRTC_CHANNEL_CLOSED', `data channel is ${channel.readyState}`);
      this.#fail(err);
      throw err;
    }
    try {
      channel.send(message);
    } catch (cause) {
      const err = new WebRtcError('WEBRTC_SEND_FAILED', 'data channel send failed', { cause });
      this.close(err);
      throw err;
    }
  }

  readonly #onMessage = (event: RtcMessageEventLike): void => {
    const bytes = toBytes(event.data);
    if (bytes === undefined) {
      this.close(new WebRtcError('WEBRTC_CHANNEL_CLOSED', 'received a message that is not binary'));
      return;
    }
    this.#queue.push(bytes);
    if (this.#queue.bufferedBytes > this.#maxReceive) {
      this.close(
        new WebRtcError('WEBRTC_RECEIVE_OVERFLOW', `more than ${this.#maxReceive} received bytes were left unread`),
      );
    }
  };

  readonly #onChannelClose = (): void => {
    // The remote closed cleanly (or we did): readers drain what arrived, writers fail.
    this.#writeError ??= new WebRtcError('WEBRTC_CHANNEL_CLOSED', 'data channel closed by the remote peer');
    this.#drain.reject(this.#writeError);
    this.#queue.end();
    // After a local close the teardown waits for the remote (see #flushThenTeardown).
    if (!this.#localClosing) this.#teardown();
  };

  readonly #onChannelError = (event: unknown): void => {
    const cause = (event as { error?: unknown } | null)?.error ?? event;
    this.#fail(new WebRtcError('WEBRTC_CHANNEL_CLOSED', 'data channel error', { cause }));
  };

  readonly #onPcState = (): void => {
    const pc = this.#pc;
    if (!pc) return;
    if (pc.connectionState === 'failed' || pc.iceConnectionState === 'failed') {
      this.#fail(new WebRtcError('WEBRTC_ICE_FAILED', 'the peer connection failed'));
    } else if (pc.connectionState === 'closed') {
      // node-datachannel reports a remote close this way, sometimes before the channel's own
      // close event: a clean end, like the channel closing.
      this.#onChannelClose();
    }
  };

  #fail(err: Error): void {
    if (this.#tornDown) return;
    this.#writeError ??= err;
    this.#drain.reject(err);
    this.#queue.fail(err);
    this.#teardown();
  }

  async #flushThenTeardown(): Promise<void> {
    const deadline = Date.now() + this.#closeTimeoutMs;
    await this.#tail;
    // Bytes held for a fuller message were written before the close: they go first.
    this.#sendRest();
    await closeCleanly(
      {
        channel: this.#channel,
        peerConnection: this.#pc,
        pollMs: this.#pollMs,
        lingerMs: this.#closeLingerMs,
        tornDown: () => this.#tornDown,
        closingLocally: () => {
          this.#localClosing = true;
        },
      },
      deadline,
    );
    this.#teardown();
  }

  #teardown(): void {
    if (this.#tornDown) return;
    this.#tornDown = true;
    this.#hold.stop();
    this.#packer.clear();
    const channel = this.#channel;
    channel.removeEventListener('message', this.#onMessage);
    channel.removeEventListener('bufferedamountlow', this.#drain.onLow);
    channel.removeEventListener('close', this.#onChannelClose);
    channel.removeEventListener('error', this.#onChannelError);
    this.#pc?.removeEventListener('connectionstatechange', this.#onPcState);
    this.#pc?.removeEventListener('iceconnectionstatechange', this.#onPcState);
    try {
      if (channel.readyState !== 'closed') channel.close();
    } catch {
      // already closing
    }
    try {
      this.#pc?.close();
    } catch {
      // already closed
    }
    this.#resolveClosed();
  }
}

function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Normalizes a `message` event's data; `undefined` for data that is not bytes (a Blob). */
function toBytes(data: unknown): Uint8Array | undefined {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (typeof data === 'string') return textEncoder.encode(data);
  return undefined;
}
