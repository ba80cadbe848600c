/**
 * @module adapters/node/tcp-throughput.script — measures a loopback transfer through the TCP
 * transport against raw `net.Socket` (a script, not a test: speed is never asserted).
 *
 * Run (from packages/core; esbuild ships with tsup):
 *   $(find ../../node_modules/.pnpm -path '*esbuild/bin/esbuild' | head -1) \
 *     src/adapters/node/tcp-throughput.script.ts --bundle --platform=node --format=esm \
 *     --outfile=/tmp/tcp-throughput.mjs && node /tmp/tcp-throughput.mjs [MiB, default 256]
 * Measured on the 2-core dev box (shared, noisy): best of 3 — raw 1340 MB/s, transport
 * 1295 MB/s (97 %).
 */
import { connect, createServer } from 'node:net';
import type { Connection } from '../../transport/transport.js';
import { createTcpTransport } from './tcp-transport.js';

const total = Number(process.argv[2] ?? 256) * 1024 * 1024;
const chunk = new Uint8Array(64 * 1024).fill(7);

async function raw(): Promise<number> {
  let received = 0;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const server = createServer((s) => {
    s.on('data', (b: Uint8Array) => {
      received += b.length;
      if (received >= total) done();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const client = connect({ port, host: '127.0.0.1', noDelay: true });
  await new Promise((r) => client.once('connect', r));
  const start = performance.now();
  for (let sent = 0; sent < total; sent += chunk.length) {
    if (!client.write(chunk)) await new Promise((r) => client.once('drain', r));
  }
  await finished;
  const ms = performance.now() - start;
  client.destroy();
  server.close();
  return total / 1e6 / (ms / 1000);
}

async function transport(): Promise<number> {
  const t = createTcpTransport();
  let accept!: (c: Connection) => void;
  const accepted = new Promise<Connection>((r) => (accept = r));
  const listener = await t.listen('127.0.0.1:0', accept);
  const a = await t.dial(listener.address);
  const b = await accepted;
  const start = performance.now();
  const reading = (async () => {
    let received = 0;
    for await (const c of b.readable) {
      received += c.length;
      if (received >= total) break;
    }
  })();
  for (let sent = 0; sent < total; sent += chunk.length) await a.write(chunk);
  await reading;
  const ms = performance.now() - start;
  a.close();
  b.close();
  await listener.close();
  return total / 1e6 / (ms / 1000);
}

const results: Array<[string, number]> = [];
for (let round = 0; round < 3; round++) {
  results.push(['raw net.Socket', await raw()]);
  results.push(['createTcpTransport', await transport()]);
}
const best = (name: string): number => Math.max(...results.filter(([n]) => n === name).map(([, v]) => v));
for (const [n, v] of results) console.log(`${n.padEnd(20)} ${v.toFixed(0)} MB/s`);
const r = best('raw net.Socket');
const tr = best('createTcpTransport');
console.log(`best: raw ${r.toFixed(0)} MB/s, transport ${tr.toFixed(0)} MB/s (${((tr / r) * 100).toFixed(0)}% of raw), ${total / 1048576} MiB each`);
