/**
 * @module e2e/helpers/relay-cli — `seedling seed`/`get` processes that meet through one relay:
 * a seeder of a fresh random file (with its magnet and SHA-256) and a downloader into a fresh
 * directory, shared by the tests of the relay's transports (tests/e2e) and of the CLI's lazy
 * WebRTC (apps/cli/test).
 */
import { join } from 'node:path';
import { sha256File, tempDir, writeRandomFiles } from './fixtures.js';
import { CLI, start, waitForEvent, withTimeout, type Proc } from './processes.js';

/** A seeder process with the magnet link it printed, its file's SHA-256 and its directory. */
export interface RelaySeeder {
  readonly proc: Proc;
  readonly magnet: string;
  readonly sha: string;
  readonly dir: string;
}

/** A finished (or timed-out) `seedling get`: its process, exit code and output directory. */
export interface RelayDownload {
  readonly proc: Proc;
  readonly code: number | string;
  readonly out: string;
}

/** `seedling <args> --bind 127.0.0.1 --json` with extra environment variables. */
export function cliProcess(args: readonly string[], env: NodeJS.ProcessEnv = {}): Proc {
  return start(process.execPath, [CLI, ...args, '--bind', '127.0.0.1', '--json'], { env });
}

/** Starts a seeder of a random `bytes`-long data.bin through `relayUrl` and waits for its `ready` event. */
export async function startRelaySeeder(relayUrl: string, bytes: number, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<RelaySeeder> {
  const dir = await tempDir();
  await writeRandomFiles(dir, { 'data.bin': bytes });
  const file = join(dir, 'data.bin');
  const proc = cliProcess(['seed', file, '--relay', relayUrl, ...args], env);
  const ready = await waitForEvent(proc, 'ready', 60_000);
  return { proc, magnet: String(ready.magnet), sha: await sha256File(file), dir };
}

/** Runs `seedling get magnet` through `relayUrl` into a fresh directory until it exits (or `timeoutMs`). */
export async function downloadViaRelay(relayUrl: string, magnet: string, args: readonly string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<RelayDownload> {
  const out = join(await tempDir(), 'out');
  const proc = cliProcess(['get', magnet, '-o', out, '--relay', relayUrl, ...args], env);
  const code = await withTimeout(proc.exited, timeoutMs, `seedling get ${args.join(' ')}`);
  return { proc, code, out };
}

/** The transports of the peers a process reported (`peer` events), as a set. */
export function peerTransports(p: Proc): Set<string> {
  return new Set(p.events.filter((e) => e.event === 'peer').map((e) => String(e.transport)));
}
