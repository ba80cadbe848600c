/**
 * @module lib/rate — `--up-rate` / `--down-rate` (core's `parseRate`: `10MB`, `512KiB`,
 * `unlimited`…, bytes per second) and the swarm rate gate over core's throttle.
 */
import { InvalidArgumentError } from 'commander';
import { createThrottle, parseRate as parseCoreRate, type RateGate } from '@seedling/core';

/** Commander parser: bytes per second (Infinity for unlimited); bad input is a usage error. */
export function parseRate(value: string): number {
  try {
    return parseCoreRate(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

/** A rate gate for the swarm, or undefined when unlimited. */
export function rateGate(bytesPerSecond: number | undefined): RateGate | undefined {
  if (bytesPerSecond === undefined || !Number.isFinite(bytesPerSecond)) return undefined;
  const throttle = createThrottle(bytesPerSecond);
  return { take: (bytes, signal) => throttle.wait(bytes, signal) };
}
