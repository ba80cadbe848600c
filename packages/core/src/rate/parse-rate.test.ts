import { describe, expect, it } from 'vitest';
import { parseRate } from './parse-rate.js';

describe('parseRate', () => {
  it.each([
    ['10MB', 10_000_000],
    ['10mb', 10_000_000],
    ['512k', 512_000],
    ['512K', 512_000],
    ['512KB/s', 512_000],
    ['1.5MiB', 1_572_864],
    ['1.5Mi', 1_572_864],
    ['2GiB', 2 * 1024 ** 3],
    ['1G', 1e9],
    ['65536', 65_536],
    ['100B', 100],
    ['100 kbps', 100_000],
    [' 3.7 ', 3],
    ['.5k', 500],
    ['0', Infinity],
    ['0MB', Infinity],
    ['unlimited', Infinity],
  ])('%j → %d bytes/s', (text, bytes) => {
    expect(parseRate(text)).toBe(bytes);
  });

  it.each(['', 'fast', '-5MB', '10XB', '10 M B', '1e6', 'MB', '10i', '0.5', '1..2k', 'NaN'])('refuses %j with RATE_INVALID', (text) => {
    expect(() => parseRate(text)).toThrow(expect.objectContaining({ code: 'RATE_INVALID', name: 'RateError' }));
  });
});
