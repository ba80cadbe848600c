/**
 * @module lib/rate — `--up-rate` / `--down-rate` values (`10MB`, `512KiB`, `1.5M`, `800k/s`:
 * bytes per second; KB/MB/GB are decimal, KiB/MiB/GiB binary, bare K/M/G binary) and the
 * token bucket that enforces them.
 */
import { InvalidArgumentError } from 'commander';
import type { RateGate } from '@seedling/core';

const UNITS: Record<string, number> = {
  '': 1, b: 1,
  k: 1024, kb: 1000, kib: 1024,
  m: 1024 ** 2, mb: 1000 ** 2, mib: 1024 ** 2,
  g: 1024 ** 3, gb: 1000 ** 3, gib: 1024 ** 3,
};

/** Parse a rate into bytes per second (commander parser: throws InvalidArgumentError). */
export function parseRate(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*(?:\/\s*s(?:ec)?)?\s*$/.exec(value);
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new InvalidArgumentError(`expected a rate like 10MB or 512KiB, got "${value}"`);
  const bytes = Math.floor(Number(m[1]) * unit);
  if (!Number.isFinite(bytes) || bytes <= 0) throw new InvalidArgumentError('rate must be positive');
  return bytes;
}

/** A token bucket of `rate` bytes/s with one second of burst. */
export function tokenBucket(rate: number): RateGate {
  let tokens = rate;
  let last = Date.now();
  return {
    async take(bytes, signal) {
      const now = Date.now();
      tokens = Math.min(rate, tokens + ((now - last) / 1000) * rate);
      last = now;
      tokens -= bytes;
      if (tokens >= 0) return;
      const waitMs = (-tokens / rate) * 1000;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, waitMs);
        signal?.addEventListener('abort', () => {
          clearTimeout(t);
          resolve();
        }, { once: true });
      });
    },
  };
}
