/**
 * @module webrtc/partial-message-hold — when the last, partial message of a batch waits for the
 * next write to complete it instead of going out alone.
 */
import type { MessagePacker } from './message-packer.js';
import type { RtcDataChannelLike } from './rtc-types.js';

/** A partial last message is held while at least this many messages are queued in the channel. */
export const HOLD_MIN_MESSAGES = 4;
/**
 * How often a held partial message looks at the channel again: it goes out once fewer than
 * {@link HOLD_MIN_MESSAGES} messages are queued (before the channel can run dry), or at once with
 * the next write that does not complete it while the queue is short.
 */
export const HOLD_MS = 5;

/**
 * The hold timer of a connection's packer. Holding costs no throughput while the channel has
 * {@link HOLD_MIN_MESSAGES} messages queued (it cannot run dry meanwhile).
 */
export class PartialMessageHold {
  readonly #channel: RtcDataChannelLike;
  readonly #packer: MessagePacker;
  readonly #usable: () => boolean;
  readonly #release: () => void;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param usable false once the connection failed or was torn down (nothing is held then).
   * @param release sends the packer's rest, in order after any send queued.
   */
  constructor(channel: RtcDataChannelLike, packer: MessagePacker, usable: () => boolean, release: () => void) {
    this.#channel = channel;
    this.#packer = packer;
    this.#usable = usable;
    this.#release = release;
  }

  /** Whether the packer's rest should wait now (plenty queued in the channel). */
  shouldHold(): boolean {
    return this.#channel.bufferedAmount >= HOLD_MIN_MESSAGES * this.#packer.size && this.#usable();
  }

  /** Holds the packer's rest: the timer looks at the channel again in {@link HOLD_MS}. */
  start(): void {
    this.#timer = setTimeout(this.#onTimer, HOLD_MS);
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /**
   * With plenty still queued in the channel the rest waits on (a seeder between two piece reads
   * sent each piece's last 208 bytes as a message of their own: 1,388 messages per 64 MiB
   * instead of ~1,030); otherwise it goes out.
   */
  readonly #onTimer = (): void => {
    this.#timer = undefined;
    if (this.#packer.restBytes === 0) return;
    if (this.shouldHold()) {
      this.#timer = setTimeout(this.#onTimer, HOLD_MS);
      return;
    }
    this.#release();
  };
}
