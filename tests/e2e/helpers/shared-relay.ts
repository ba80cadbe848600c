/**
 * @module e2e/helpers/shared-relay — one real relay process for a whole test file: started
 * before the first test, every other process killed after each test (the relay kept), and
 * everything (relay included) ended and temp dirs removed after the last. Several e2e files
 * repeated these three hooks word for word.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { removeTempDirs, startRelay } from './fixtures.js';
import { killAll, type Proc } from './processes.js';

/** The shared relay of the current file. */
export interface SharedRelay {
  readonly proc: Proc;
  /** Its origin, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
}

/**
 * Registers the hooks; call at module level. The returned object's fields are filled in by
 * `beforeAll` (read them inside tests, not at import time).
 */
export function useSharedRelay(): SharedRelay {
  const relay: { proc: Proc | null; url: string } = { proc: null, url: '' };
  beforeAll(async () => {
    const started = await startRelay();
    relay.proc = started.proc;
    relay.url = started.url;
  });
  afterEach(async () => {
    await killAll(relay.proc ? [relay.proc] : []);
  });
  afterAll(async () => {
    await killAll();
    await removeTempDirs();
  });
  return {
    get proc(): Proc {
      if (!relay.proc) throw new Error('the shared relay is not started yet (read it inside a test)');
      return relay.proc;
    },
    get url(): string {
      return relay.url;
    },
  };
}
