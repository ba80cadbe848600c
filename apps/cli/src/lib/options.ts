/** @module lib/options — commander option parsers that fail as usage errors (exit 2). */
import { InvalidArgumentError } from 'commander';

/** Collect a repeatable option into an array. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** A positive integer. */
export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

/** A TCP port, 0–65535 (0: any free port). */
export function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('expected a port number 0-65535');
  return n;
}

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A duration such as `30s`, `500ms`, `5m`, `1h` or `1m30s`; a bare number means seconds.
 * Returns milliseconds (> 0).
 */
export function parseDuration(value: string): number {
  const text = value.trim().toLowerCase();
  let ms = 0;
  if (/^\d+(\.\d+)?$/.test(text)) ms = Number(text) * 1000;
  else {
    const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
    let end = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      ms += Number(m[1]) * DURATION_UNITS_MS[m[2]!]!;
      end = re.lastIndex;
    }
    if (end === 0 || end !== text.length) throw new InvalidArgumentError('expected a duration such as 30s, 500ms, 5m or 1h');
  }
  if (!Number.isFinite(ms) || ms <= 0) throw new InvalidArgumentError('expected a duration greater than zero');
  return Math.round(ms);
}
