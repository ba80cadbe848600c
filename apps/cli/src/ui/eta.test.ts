/** @module ui/eta.test — the ETA text never shows NaN/Infinity artefacts ("NFs"). */
import { describe, expect, it } from 'vitest';
import { formatEta, UNKNOWN_ETA } from './eta.js';

describe('formatEta', () => {
  it('is unknown while the rate is zero, negative or not a number (start, stalls)', () => {
    for (const rate of [0, -5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) expect(formatEta(1000, rate)).toBe(UNKNOWN_ETA);
    expect(formatEta(Number.NaN, 100)).toBe(UNKNOWN_ETA);
    expect(formatEta(Number.POSITIVE_INFINITY, 100)).toBe(UNKNOWN_ETA);
  });

  it('is 0s once nothing is left, whatever the rate', () => {
    expect(formatEta(0, 0)).toBe('0s');
    expect(formatEta(0, Number.NaN)).toBe('0s');
    expect(formatEta(-1, 10)).toBe('0s');
  });

  it('formats seconds, minutes, hours and days, rounding up', () => {
    expect(formatEta(1, 1000)).toBe('1s');
    expect(formatEta(42_000, 1000)).toBe('42s');
    expect(formatEta(187_000, 1000)).toBe('3m07s');
    expect(formatEta(3600 * 2 + 5 * 60, 1)).toBe('2h05m');
    expect(formatEta(86_400 * 4 + 3 * 3600 + 59, 1)).toBe('4d03h');
  });

  it('gives up beyond ~99 days instead of printing a meaningless figure', () => {
    expect(formatEta(1e12, 1)).toBe(UNKNOWN_ETA);
  });

  it('never contains NaN, Infinity or the padded markers cli-progress produced', () => {
    const samples = [0, 1, 0.5, 1e-9, 1e15, Number.NaN, Infinity].flatMap((a) => [0, 1e-9, 1, 1e9, Number.NaN, Infinity].map((b) => formatEta(a, b)));
    for (const s of samples) expect(s).not.toMatch(/NaN|Infinity|NF|LL|undefined/);
  });
});
