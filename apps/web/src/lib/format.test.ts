/** @module lib/format.test — formatting of sizes, rates, ETAs and percentages. */
import { describe, expect, it } from 'vitest';
import { formatBytes, formatEta, formatRate, percentOf } from './format.js';

describe('format', () => {
  it('formats sizes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50.0 MB');
    expect(formatBytes(300 * 1024 * 1024)).toBe('300 MB');
    expect(formatBytes(-1)).toBe('–');
  });
  it('formats rates', () => {
    expect(formatRate(2.5 * 1024 * 1024)).toBe('2.5 MB/s');
    expect(formatRate(0)).toBe('0 B/s');
  });
  it('estimates time left, unknown without a rate', () => {
    expect(formatEta(100, 0)).toBe('–');
    expect(formatEta(0, 0)).toBe('0 s');
    expect(formatEta(45, 1)).toBe('45 s');
    expect(formatEta(200, 1)).toBe('3 min 20 s');
    expect(formatEta(3900, 1)).toBe('1 h 5 min');
  });
  it('floors percentages so 100 means complete', () => {
    expect(percentOf(999, 1000)).toBe(99);
    expect(percentOf(1000, 1000)).toBe(100);
    expect(percentOf(5, 0)).toBe(0);
  });
});
