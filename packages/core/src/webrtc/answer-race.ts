/**
 * @module webrtc/answer-race — libdatachannel's known offerer race, recognised and retried.
 *
 * node-datachannel (libdatachannel 0.24.5) as offerer sometimes fails while it applies a valid
 * answer: its ICE connects and its DTLS handshake checks the answerer's certificate before the
 * answer's fingerprint is committed, DTLS fails, and the answer's candidates then throw "Got a
 * remote candidate without ICE transport" (measurements in docs/webrtc.md); when DTLS fails just
 * after the candidates went in, the connection fails or closes moments later instead. The offer is lost;
 * only a fresh negotiation helps. Where one caller holds both signaling ends (tests, benchmarks,
 * a direct SDP exchange), {@link retryAnswerRace} makes that fresh negotiation; the tracker
 * signaling instead replaces a lost offer at the next announce.
 */
import { WebRtcError } from './errors.js';

/** The message libdatachannel throws when the race lands inside `setRemoteDescription`. */
const ANSWER_RACE_MESSAGE = /Got a remote candidate without ICE transport/;

/** libdatachannel's SDP origin line (`o=rtc <id> 0 IN IP4 ...`). */
const LIBDATACHANNEL_ORIGIN = /^o=rtc /m;

/** Whether `sdp` was made by libdatachannel (node-datachannel, or another peer built on it). */
export function isLibdatachannelSdp(sdp: string): boolean {
  return LIBDATACHANNEL_ORIGIN.test(sdp);
}

/**
 * How soon after the answer was applied a libdatachannel offerer's connection failing or closing
 * counts as the race. When DTLS fails just after the answer's candidates went in,
 * `setRemoteDescription` succeeds and the connection fails or closes moments later (within
 * ~200 ms in the failures seen); ICE itself gives up only after many seconds, and the answerer
 * waits 20 s before it gives up, so nothing else ends a connect this early.
 */
export const ANSWER_RACE_WINDOW_MS = 1000;

/**
 * Whether `err`, or an error in its `cause` chain, is libdatachannel's answer race: a
 * {@link WebRtcError} `WEBRTC_ANSWER_RACE` (as `createWebRtcOffer`'s `accept` reports it), or the
 * library's own error from a raw `setRemoteDescription`.
 */
export function isAnswerRace(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e !== undefined && e !== null && depth < 8; depth++) {
    if ((e as { code?: unknown }).code === 'WEBRTC_ANSWER_RACE') return true;
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && ANSWER_RACE_MESSAGE.test(message)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * For `createWebRtcOffer`: the `WEBRTC_ANSWER_RACE` error that `failure` stands for, if it does.
 * Either `setRemoteDescription(answer)` threw the library's message, or (`msSinceApplied`
 * given) the connection of a libdatachannel offer (`localSdp`) failed or closed, by itself,
 * within {@link ANSWER_RACE_WINDOW_MS} of applying the answer. Otherwise undefined.
 */
export function answerRaceError(localSdp: string, failure: unknown, msSinceApplied?: number): WebRtcError | undefined {
  if (!isLibdatachannelSdp(localSdp)) return undefined;
  if (msSinceApplied === undefined) {
    return isAnswerRace(failure)
      ? new WebRtcError('WEBRTC_ANSWER_RACE', 'DTLS failed while the answer was applied (libdatachannel answer race)', { cause: failure })
      : undefined;
  }
  const code = (failure as { code?: unknown } | null | undefined)?.code;
  if (msSinceApplied < ANSWER_RACE_WINDOW_MS && (code === 'WEBRTC_ICE_FAILED' || code === 'WEBRTC_CHANNEL_CLOSED')) {
    return new WebRtcError('WEBRTC_ANSWER_RACE', `the connection ended ${Math.round(msSinceApplied)} ms after the answer was applied (libdatachannel answer race)`, { cause: failure });
  }
  return undefined;
}

/** Options of {@link retryAnswerRace}. */
export interface AnswerRaceRetryOptions {
  /** Attempts in all, the first included. Default 6. */
  attempts?: number;
  /** Pause before the second attempt; doubles before each later one. Default 100 ms. */
  pauseMs?: number;
  /** Called before each retry, `attempt` being the one that failed (1-based). Default: `console.warn`. */
  onRetry?: (attempt: number, err: unknown) => void;
  /** Stops retrying (the pending pause rejects with the signal's reason). */
  signal?: AbortSignal;
}

/**
 * Runs `attempt` (a whole negotiation: new offer, answer, accept) and runs it again, after a
 * growing pause, only when it failed with {@link isAnswerRace}; any other failure, and the race
 * on the last attempt, is thrown unchanged. `attempt` must release what a failed try created.
 */
export async function retryAnswerRace<T>(attempt: () => Promise<T>, options: AnswerRaceRetryOptions = {}): Promise<T> {
  const attempts = Math.max(1, options.attempts ?? 6);
  const onRetry =
    options.onRetry ??
    ((n: number, err: unknown) =>
      console.warn(`libdatachannel answer race on attempt ${n} of ${attempts}, retrying: ${String((err as { cause?: unknown }).cause ?? err)}`));
  for (let n = 1; ; n++) {
    options.signal?.throwIfAborted();
    try {
      return await attempt();
    } catch (err) {
      if (n >= attempts || !isAnswerRace(err)) throw err;
      onRetry(n, err);
      await pause((options.pauseMs ?? 100) * 2 ** (n - 1), options.signal);
    }
  }
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', done);
      resolve();
    }, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
