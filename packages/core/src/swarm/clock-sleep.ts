/** @module swarm/clock-sleep — wait on a swarm {@link Clock}, ending early when a signal aborts. */
import type { Clock } from './types.js';

/** Resolve after `ms` on `clock`, or at once when `signal` aborts (never rejects). */
export function clockSleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clock.clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = clock.setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
