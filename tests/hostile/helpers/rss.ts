/**
 * @module hostile/helpers/rss — memory of a live process from /proc/PID/status: current RSS
 * (VmRSS) and its peak so far (VmHWM, the high-water mark the kernel keeps for us, so no peak
 * between two samples is missed).
 */
import { readFileSync } from 'node:fs';

/** RSS and peak RSS of `pid` in MiB, or null when the process is gone. */
export function rssOf(pid: number): { rssMb: number; peakMb: number } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  const rss = kb('VmRSS');
  const peak = kb('VmHWM');
  // An exiting (zombie) process still has a status file but no memory lines: no sample then,
  // else one NaN would turn every later peak into NaN (seen once in CI).
  if (!Number.isFinite(rss) || !Number.isFinite(peak)) return null;
  return { rssMb: rss / 1024, peakMb: peak / 1024 };
}

/** Samples `pid` every `everyMs` until stopped; `peakMb` is the highest VmHWM seen. */
export function sampleRss(pid: number, everyMs = 200): { stop: () => { peakMb: number; samples: number } } {
  let peak = 0;
  let samples = 0;
  const take = (): void => {
    const r = rssOf(pid);
    if (!r) return;
    samples++;
    peak = Math.max(peak, r.peakMb, r.rssMb);
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop: () => {
      take();
      clearInterval(timer);
      return { peakMb: peak, samples };
    },
  };
}
