/**
 * @module webrtc/buffered-amount-drain — send-side backpressure of a data channel: writers wait
 * while its `bufferedAmount` is above the high-water mark and resume on `bufferedamountlow`
 * (the low-water mark), or on a poll where that event never fires.
 */
import type { RtcDataChannelLike } from './rtc-types.js';

/** One writer at a time waits for the channel's queue to drain (the send loop is serial). */
export class BufferedAmountDrain {
  readonly #channel: RtcDataChannelLike;
  readonly #high: number;
  readonly #pollMs: number;
  #waiting: { resolve: () => void; reject: (err: Error) => void; timer: ReturnType<typeof setTimeout> } | undefined;

  /** Sets the channel's `bufferedAmountLowThreshold` to `low` (at most `high`). */
  constructor(channel: RtcDataChannelLike, high: number, low: number, pollMs: number) {
    this.#channel = channel;
    this.#high = high;
    this.#pollMs = pollMs;
    channel.bufferedAmountLowThreshold = Math.min(low, high);
  }

  /** True while the channel holds more than the high-water mark. */
  get full(): boolean {
    return this.#channel.bufferedAmount > this.#high;
  }

  /** Resolves once the queue drained (see {@link onLow}), rejects on {@link reject}. */
  wait(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const poll = (): void => {
        // Without the event, resume as soon as the queue is under the high-water mark: the
        // poll interval already adds the hysteresis that the low-water mark gives events.
        if (!this.full) this.onLow();
        else if (this.#waiting) this.#waiting.timer = setTimeout(poll, this.#pollMs);
      };
      this.#waiting = { resolve, reject, timer: setTimeout(poll, this.#pollMs) };
    });
  }

  /** The channel's `bufferedamountlow` listener: resumes the waiting writer. */
  readonly onLow = (): void => {
    const waiting = this.#waiting;
    if (!waiting) return;
    this.#waiting = undefined;
    clearTimeout(waiting.timer);
    waiting.resolve();
  };

  /** Fails the waiting writer (the connection closed or failed). */
  reject(err: Error): void {
    const waiting = this.#waiting;
    if (!waiting) return;
    this.#waiting = undefined;
    clearTimeout(waiting.timer);
    waiting.reject(err);
  }
}
