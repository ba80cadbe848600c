/** @module lib/options.test — duration flags (`get --timeout`, `--max-time`) parse or fail as usage errors. */
import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseDuration } from './options.js';

describe('parseDuration', () => {
  it('reads units and bare seconds', () => {
    expect(parseDuration('2s')).toBe(2000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('30')).toBe(30_000);
    expect(parseDuration(' 2S ')).toBe(2000);
  });

  it('rejects zero, negatives, junk and trailing garbage', () => {
    for (const bad of ['', '0', '0s', '-1s', 'soon', '5 parsecs', '1x', '2s!', 's', '1e3']) expect(() => parseDuration(bad), bad).toThrow(InvalidArgumentError);
  });
});
