/**
 * @module tests/web/lib/web-fixture — the setup every web suite shares: one real relay process, one
 * headless Chromium, optionally a temp folder and CLI processes, all ended after the suite (each
 * process by its own PID, through its stop()).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium.js';
import { startCli, type CliProcess } from './cli-process.js';
import { startRelay, type RelayProcess } from './relay-process.js';

export interface WebFixture {
  /** The relay (throws before beforeAll ran). */
  readonly relay: RelayProcess;
  readonly browser: Browser;
  /** The suite's temp folder (only with `tempPrefix`). */
  readonly dir: string;
  /** Start `seedling <args>`; stopped after the suite. */
  cli(args: string[], env?: NodeJS.ProcessEnv): CliProcess;
}

/** Register beforeAll/afterAll hooks for a relay + Chromium (+ temp folder) and return accessors. */
export function useWebFixture(options: { tempPrefix?: string; relayArgs?: readonly string[] } = {}): WebFixture {
  let relay: RelayProcess | undefined;
  let browser: Browser | undefined;
  let dir: string | undefined;
  const clis: CliProcess[] = [];
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`web fixture: ${what} is not started`);
    return value;
  };

  beforeAll(async () => {
    if (options.tempPrefix) dir = mkdtempSync(join(tmpdir(), options.tempPrefix));
    relay = await startRelay('127.0.0.1', 15_000, options.relayArgs ?? []);
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const c of clis) await c.stop();
    await browser?.close();
    await relay?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  return {
    get relay() {
      return need(relay, 'the relay');
    },
    get browser() {
      return need(browser, 'Chromium');
    },
    get dir() {
      return need(dir, 'the temp folder (pass tempPrefix)');
    },
    cli(args, env = {}) {
      const c = startCli(args, env);
      clis.push(c);
      return c;
    },
  };
}
