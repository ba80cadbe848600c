/**
 * @module webrtc/ice-gathering — non-trickle ICE without the stall.
 *
 * WebTorrent sends one offer and one answer through the WebSocket tracker, so each SDP must
 * carry its candidates. Waiting for `iceGatheringState === 'complete'` stalls for many seconds
 * when a STUN server is unreachable; instead the SDP is ready at whichever comes first:
 * gathering complete, the first candidate plus a short grace, or an overall timeout (with at
 * least one candidate gathered).
 */
import { WebRtcError } from './errors.js';
import type { RtcIceCandidateEventLike, RtcPeerConnectionLike } from './rtc-types.js';
import { sdpCandidates, sdpFilterCandidates, sdpWithCandidates } from './sdp.js';

/** Timing of {@link watchIceGathering}. */
export interface IceGatheringOptions {
  graceMs: number;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** Local candidates to keep in the SDP (others are dropped and do not start the grace). */
  filter?: ((candidate: string) => boolean) | undefined;
}

/** A gathering watch started before `setLocalDescription` so no early candidate is missed. */
export interface IceGatheringWatch {
  /** Resolves with the local SDP including its candidates once usable. */
  sdp(): Promise<string>;
  /** Removes listeners and timers (idempotent). */
  stop(): void;
}

/** Starts watching `pc`'s ICE gathering; call before `setLocalDescription`. */
export function watchIceGathering(pc: RtcPeerConnectionLike, options: IceGatheringOptions): IceGatheringWatch {
  const candidates: string[] = [];
  let settle: ((err?: Error) => void) | undefined;
  let settled: Error | null | undefined; // undefined: pending; null: ready; Error: failed
  let graceTimer: ReturnType<typeof setTimeout> | undefined;
  let overallTimer: ReturnType<typeof setTimeout> | undefined;

  const finish = (err?: Error): void => {
    if (settled !== undefined) return;
    settled = err ?? null;
    stop();
    settle?.(err);
  };
  const keep = options.filter ?? ((): boolean => true);
  const localSdp = (): string => sdpFilterCandidates(pc.localDescription?.sdp ?? '', keep);
  const haveCandidate = (): boolean => candidates.length > 0 || sdpCandidates(localSdp()).length > 0;

  const onCandidate = (event: RtcIceCandidateEventLike): void => {
    const c = event.candidate?.candidate;
    if (!c) {
      finish(); // a null candidate marks the end of gathering
      return;
    }
    const candidate = c.startsWith('a=') ? c.slice(2) : c;
    if (!keep(candidate)) return;
    candidates.push(candidate);
    graceTimer ??= setTimeout(() => finish(), options.graceMs);
  };
  const onGatheringState = (): void => {
    if (pc.iceGatheringState === 'complete') finish();
  };
  const onAbort = (): void => finish(new WebRtcError('WEBRTC_ABORTED', 'ICE gathering aborted', { cause: options.signal?.reason }));

  function stop(): void {
    clearTimeout(graceTimer);
    clearTimeout(overallTimer);
    pc.removeEventListener('icecandidate', onCandidate);
    pc.removeEventListener('icegatheringstatechange', onGatheringState);
    options.signal?.removeEventListener('abort', onAbort);
  }

  pc.addEventListener('icecandidate', onCandidate);
  pc.addEventListener('icegatheringstatechange', onGatheringState);
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  overallTimer = setTimeout(() => {
    const timedOut = new WebRtcError('WEBRTC_TIMEOUT', `ICE gathering found no candidate within ${options.timeoutMs} ms`);
    finish(haveCandidate() ? undefined : timedOut);
  }, options.timeoutMs);

  return {
    stop: () => finish(new WebRtcError('WEBRTC_ABORTED', 'ICE gathering stopped')),
    async sdp(): Promise<string> {
      if (settled === undefined) {
        // setLocalDescription has run: gathering may already be over.
        if (pc.iceGatheringState === 'complete') finish();
        else if (haveCandidate()) graceTimer ??= setTimeout(() => finish(), options.graceMs);
      }
      const err =
        settled === undefined
          ? await new Promise<Error | undefined>((resolve) => {
              settle = resolve;
            })
          : (settled ?? undefined);
      if (err) throw err;
      const sdp = sdpWithCandidates(localSdp(), candidates);
      if (sdp.length === 0) throw new WebRtcError('WEBRTC_NEGOTIATION_FAILED', 'no local description');
      if (sdpCandidates(sdp).length === 0) {
        throw new WebRtcError(
          'WEBRTC_NO_CANDIDATES',
          `ICE gathering produced no candidate within ${options.timeoutMs} ms (state ${pc.iceGatheringState})`,
        );
      }
      return sdp;
    },
  };
}
