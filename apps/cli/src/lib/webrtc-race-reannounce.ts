/**
 * @module lib/webrtc-race-reannounce — an early re-announce with fresh offers after one of our
 * offers lost libdatachannel's answer race (`WEBRTC_ANSWER_RACE`, core webrtc/answer-race.ts,
 * docs/webrtc.md). The remote answered, so it is there and wants us; its answer is lost and only
 * a fresh negotiation helps. The tracker signaling would replace the offer at the next announce
 * (up to 15 s for a downloader, 120 s for a seeder); this brings that announce forward.
 *
 * Bounded: at most one such announce per {@link RACE_REANNOUNCE_GAP_MS} per swarm, however many
 * offers fail, so a remote whose answers always fail cannot make us flood the tracker (the
 * relay's per-socket message limit, 20/s with a burst of 60, is far away: one announce every
 * 3 s).
 */

/** The least time between two race re-announces of one swarm, and after the first race. */
export const RACE_REANNOUNCE_GAP_MS = 3000;

/** Options of {@link RaceReannounce}. */
export interface RaceReannounceOptions {
  /** Re-announces now with fresh offers. */
  announce: () => void;
  /** Default {@link RACE_REANNOUNCE_GAP_MS}. */
  gapMs?: number;
}

/** Coalesces answer-race failures of one swarm into rate-bounded early announces. */
export class RaceReannounce {
  readonly #announce: () => void;
  readonly #gapMs: number;
  #last = Number.NEGATIVE_INFINITY;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;
  /** Early announces made so far. */
  count = 0;

  constructor(opts: RaceReannounceOptions) {
    this.#announce = opts.announce;
    this.#gapMs = Math.max(0, opts.gapMs ?? RACE_REANNOUNCE_GAP_MS);
  }

  /**
   * An offer lost the race: announce now, or when the gap since the last race announce ends.
   * Races while one is scheduled join it.
   */
  onRace(): void {
    if (this.#stopped || this.#timer !== undefined) return;
    const wait = Math.max(0, this.#last + this.#gapMs - Date.now());
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#stopped) return;
      this.#last = Date.now();
      this.count++;
      this.#announce();
    }, wait);
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
