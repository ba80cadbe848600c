/** @module tracker/errors — typed errors of the tracker clients (HTTP and WebSocket). */
import { SeedlingError } from '../errors.js';

/**
 * Stable codes of {@link TrackerError}:
 * - `TRACKER_FAILURE`: the tracker answered with a BEP 3 `failure reason` (see `failureReason`);
 * - `TRACKER_BAD_RESPONSE`: the response is not valid bencode/JSON or lacks required fields;
 * - `TRACKER_RESPONSE_TOO_LARGE`: the response exceeded the configured size limit;
 * - `TRACKER_HTTP_STATUS`: the HTTP tracker answered with a non-2xx status;
 * - `TRACKER_TIMEOUT`: no answer in time;
 * - `TRACKER_ABORTED`: the caller's AbortSignal fired;
 * - `TRACKER_NETWORK`: the request or the socket failed;
 * - `TRACKER_CLOSED`: the WebSocket closed before the answer came (or the client was closed);
 * - `TRACKER_BAD_URL`: the tracker URL is not http(s)/ws(s);
 * - `TRACKER_BAD_INPUT`: the caller passed an invalid argument (e.g. a 19-byte info-hash).
 */
export type TrackerErrorCode =
  | 'TRACKER_FAILURE'
  | 'TRACKER_BAD_RESPONSE'
  | 'TRACKER_RESPONSE_TOO_LARGE'
  | 'TRACKER_HTTP_STATUS'
  | 'TRACKER_TIMEOUT'
  | 'TRACKER_ABORTED'
  | 'TRACKER_NETWORK'
  | 'TRACKER_CLOSED'
  | 'TRACKER_BAD_URL'
  | 'TRACKER_BAD_INPUT';

/** An error talking to a tracker. Match on `code`. */
export class TrackerError extends SeedlingError<TrackerErrorCode> {
  /** The tracker's `failure reason` text when `code` is `TRACKER_FAILURE`. */
  readonly failureReason: string | undefined;

  constructor(code: TrackerErrorCode, message: string, options?: { cause?: unknown; failureReason?: string }) {
    super(code, message, options);
    this.name = 'TrackerError';
    this.failureReason = options?.failureReason;
  }
}
