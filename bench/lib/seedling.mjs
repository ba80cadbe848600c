/**
 * @module bench/lib/seedling — drives the built Seedling programs for the system benchmarks:
 * the relay (its HTTP tracker on 127.0.0.1, port 0), `seedling create`, `seed` and `get` as
 * child processes with `--json` events, and the tracker's scrape to tell when any client
 * (ours or a reference one) is seeding.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { start } from './procs.mjs';

const repo = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = `${repo}apps/cli/dist/main.js`;
export const RELAY = `${repo}apps/relay/dist/server.js`;

/** Throw a clear message when the programs are not built. */
export function requireBuilt() {
  for (const f of [CLI, RELAY]) if (!existsSync(f)) throw new Error(`${f} is missing: run \`pnpm build\` first`);
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Start seedling-relay on 127.0.0.1 (`port`, default any free one); resolves { proc, url, announce }. */
export async function startRelay(port = 0) {
  const proc = start(process.execPath, [RELAY, '--host', '127.0.0.1', '--port', String(port), '--interval', '10', '--min-interval', '1'], { name: 'relay' });
  const ev = await proc.waitFor((e) => e.event === 'listening', 30_000, 'relay listening');
  const url = `http://127.0.0.1:${ev.port}`;
  return { proc, url, announce: `${url}/announce` };
}

/** `seedling create` (v1 by default, for the reference clients). Resolves the info-hash (hex). */
export function createTorrent(data, out, { pieceLength = 256 * 1024, version = 'v1', tracker } = {}) {
  const args = [CLI, 'create', data, '-o', out, `--${version}`, '--piece-length', String(pieceLength), ...(tracker ? ['--tracker', tracker] : [])];
  execFileSync(process.execPath, args, { stdio: 'ignore', timeout: 300_000 });
  const info = JSON.parse(execFileSync(process.execPath, [CLI, 'info', out, '--json'], { encoding: 'utf8', timeout: 60_000 }));
  return info.infoHashV1;
}

const rateArgs = (o) => [...(o.upRate ? ['--up-rate', o.upRate] : []), ...(o.downRate ? ['--down-rate', o.downRate] : [])];

/** `seedling seed` of existing data against a torrent; resolves once it is ready (data checked). */
export async function seed(data, torrent, o = {}) {
  const args = [CLI, 'seed', data, '--torrent', torrent, '--bind', '127.0.0.1', '--json', ...(o.relay ? ['--relay', o.relay] : []), ...rateArgs(o), ...(o.port ? ['--port', String(o.port)] : [])];
  const proc = start(process.execPath, [...(o.nodeArgs ?? []), ...args], { name: o.name ?? 'seeder', env: o.env });
  await proc.waitFor((e) => e.event === 'ready', o.timeoutMs ?? 300_000, 'seeder ready');
  return proc;
}

/** `seedling get` into `out` (not awaited: wait for its `done` event). */
export function get(torrent, out, o = {}) {
  const args = [CLI, 'get', torrent, '-o', out, '--bind', '127.0.0.1', '--json', ...(o.relay ? ['--relay', o.relay] : []), ...(o.seed ? ['--seed'] : []), ...rateArgs(o), ...(o.peers ?? []).flatMap((p) => ['--peer', p])];
  return start(process.execPath, [...(o.nodeArgs ?? []), ...args], { name: o.name ?? 'getter', env: o.env });
}

/** Wait for a getter's `done` event; resolves its time (performance.now()). */
export async function waitDone(proc, timeoutMs) {
  const ev = await proc.waitFor((e) => e.event === 'done' && e.downloaded > 0, timeoutMs, 'download done');
  return ev.t;
}

/** Seeders and leechers the tracker knows for `infoHashHex` (scrape, BEP 48). */
export async function scrape(trackerUrl, infoHashHex) {
  const raw = infoHashHex.match(/../g).map((b) => `%${b}`).join('');
  const res = await fetch(`${trackerUrl.replace(/\/announce$/, '')}/scrape?info_hash=${raw}`);
  const text = Buffer.from(await res.arrayBuffer()).toString('latin1');
  const num = (k) => Number(new RegExp(`${k.length}:${k}i(\\d+)e`).exec(text)?.[1] ?? 0);
  return { complete: num('complete'), incomplete: num('incomplete') };
}

/** Poll the tracker until at least `n` seeders have announced (for clients without events). */
export async function waitSeeders(trackerUrl, infoHashHex, n, timeoutMs = 300_000, isAlive = () => true) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (!isAlive()) throw new Error('seeder exited before announcing');
    if ((await scrape(trackerUrl, infoHashHex)).complete >= n) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`tracker saw fewer than ${n} seeders within ${timeoutMs} ms`);
}
