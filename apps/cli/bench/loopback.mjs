#!/usr/bin/env node
/**
 * Loopback throughput: one `seedling seed` → one `seedling get` over TCP on 127.0.0.1, peers
 * introduced with --peer (no tracker). Prints MB/s of the download (from the first `started`
 * event to `done`). Usage: node apps/cli/bench/loopback.mjs [MiB=256] [pieceLength=262144]
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const mib = Number(process.argv[2] ?? 256);
const pieceLength = process.argv[3] ?? '262144';
const dir = await mkdtemp(join(tmpdir(), 'seedling-bench-'));
const data = join(dir, 'payload.bin');
const fh = await open(data, 'w');
const chunk = randomBytes(4 << 20);
for (let i = 0; i < mib / 4; i++) await fh.write(chunk);
await fh.close();

function run(args) {
  const prof = process.env.BENCH_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF_DIR}`] : [];
  const child = spawn(process.execPath, [...prof, CLI, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const events = [];
  let buf = '';
  child.stdout.setEncoding('utf8').on('data', (d) => {
    buf += d;
    const lines = buf.split('\n');
    buf = lines.pop();
    for (const l of lines) if (l.startsWith('{')) events.push({ ...JSON.parse(l), t: Date.now() });
  });
  return { child, events };
}
const waitFor = (p, ev, ms) =>
  new Promise((resolve, reject) => {
    const deadline = Date.now() + ms;
    const tick = () => {
      const e = p.events.find((x) => x.event === ev);
      if (e) return resolve(e);
      if (Date.now() > deadline) return reject(new Error(`timeout waiting for ${ev}`));
      setTimeout(tick, 50);
    };
    tick();
  });

const torrent = join(dir, 'payload.torrent');
await new Promise((res) => spawn(process.execPath, [CLI, 'create', data, '-o', torrent, '--v1', '--piece-length', pieceLength], { stdio: 'ignore' }).on('exit', res));
const seeder = run(['seed', data, '--torrent', torrent, '--bind', '127.0.0.1', '--json']);
const ready = await waitFor(seeder, 'ready', 120_000);
const getter = run(['get', torrent, '-o', join(dir, 'out'), '--bind', '127.0.0.1', '--json', '--peer', `127.0.0.1:${ready.port}`]);
try {
  const started = await waitFor(getter, 'peer', 60_000);
  const done = await waitFor(getter, 'done', 600_000);
  const secs = (done.t - started.t) / 1000;
  console.log(JSON.stringify({ mib, pieceLength: Number(pieceLength), seconds: secs, mbPerSec: Math.round((done.downloaded / 1e6 / secs) * 10) / 10 }));
} finally {
  seeder.child.kill('SIGTERM');
  getter.child.kill('SIGTERM');
  await rm(dir, { recursive: true, force: true });
}
