/**
 * @module ui/eta — the progress bar's time-left text. cli-progress's own `eta_formatted` pads
 * its 'INF'/'NULL' markers to two characters ("NFs", "LLs") whenever the rate is zero, as at the
 * start or while no peer sends anything, so the bar uses this formatter instead.
 */

/** Shown when the time left is unknown: nothing received yet, a stalled rate, or absurdly long. */
export const UNKNOWN_ETA = '—';

/** Beyond this (about 99 days) an estimate means nothing; show {@link UNKNOWN_ETA}. */
const MAX_ETA_S = 99 * 24 * 3600;

/**
 * Time left to fetch `remainingBytes` at `bytesPerSecond`, as `42s`, `3m07s`, `2h05m` or `4d03h`;
 * `0s` when nothing is left, {@link UNKNOWN_ETA} when the rate is zero, negative or not finite.
 */
export function formatEta(remainingBytes: number, bytesPerSecond: number): string {
  if (!Number.isFinite(remainingBytes)) return UNKNOWN_ETA;
  if (remainingBytes <= 0) return '0s';
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return UNKNOWN_ETA;
  const s = Math.ceil(remainingBytes / bytesPerSecond);
  if (!Number.isFinite(s) || s > MAX_ETA_S) return UNKNOWN_ETA;
  const two = (n: number): string => String(n).padStart(2, '0');
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${two(s % 60)}s`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h${two(Math.floor((s % 3600) / 60))}m`;
  return `${Math.floor(s / 86_400)}d${two(Math.floor((s % 86_400) / 3600))}h`;
}
