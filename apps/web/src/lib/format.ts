/** @module lib/format — numbers for people: sizes, rates, durations, percentages. */

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** `1536` → `1.5 KB` (powers of 1024, one decimal below 100, none above). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '–';
  let v = n;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  if (u === 0) return `${v} B`;
  return `${v < 100 ? v.toFixed(1) : Math.round(v)} ${UNITS[u]}`;
}

/** Bytes per second as `2.5 MB/s`; zero as `0 B/s`. */
export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(Math.max(0, Math.round(bytesPerSecond)))}/s`;
}

/** Seconds left as `1 h 5 min`, `3 min 20 s`, `45 s`; unknown (rate 0) as `–`. */
export function formatEta(bytesLeft: number, bytesPerSecond: number): string {
  if (bytesLeft <= 0) return '0 s';
  if (!(bytesPerSecond > 0)) return '–';
  const s = Math.ceil(bytesLeft / bytesPerSecond);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  if (s < 86400 * 2) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86400)} days`;
}

/** Whole percent 0–100 of `part/total` (floored, so 100 only when complete). */
export function percentOf(part: number, total: number): number {
  if (!(total > 0)) return 0;
  return Math.max(0, Math.min(100, Math.floor((part / total) * 100)));
}
