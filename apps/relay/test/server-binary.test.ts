/** @module test/server-binary.test — the real `seedling-relay` binary: listen line, /health, SIGTERM → exit 0. */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../dist/server.js', import.meta.url));
let child: ChildProcess | null = null;
afterAll(() => {
  if (child?.pid && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
});

/** Resolves with the first stdout line that is a JSON event `name` (rejects after `ms`). */
function waitForEvent(proc: ChildProcess, name: string, ms = 10_000): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const t = setTimeout(() => reject(new Error(`no ${name} line in ${ms} ms; got ${buf}`)), ms);
    proc.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      for (const line of buf.split('\n')) {
        if (!line.trim()) continue;
        const ev = JSON.parse(line) as Record<string, unknown>;
        if (ev.event === name) {
          clearTimeout(t);
          resolve(ev);
        }
      }
    });
  });
}

it('listens on --port 0, serves /health and exits 0 on SIGTERM', async () => {
  expect(existsSync(bin), 'build the relay first (pnpm --filter @seedling/relay build)').toBe(true);
  child = spawn(process.execPath, [bin, '--port', '0', '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const listening = await waitForEvent(child, 'listening');
  expect(listening.port).toBeTypeOf('number');
  expect(listening.port).toBeGreaterThan(0);
  const res = await fetch(`http://127.0.0.1:${listening.port}/health`, { signal: AbortSignal.timeout(5000) });
  expect(res.status).toBe(200);
  expect((await res.json()).status).toBe('ok');
  const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
  process.kill(child.pid!, 'SIGTERM');
  const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('timeout'), 10_000))]);
  expect(code).toBe(0);
});

it('rejects a bad flag with exit code 2', async () => {
  const p = spawn(process.execPath, [bin, '--port', 'banana'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const code = await Promise.race([
    new Promise<number | null>((resolve) => p.once('exit', (c) => resolve(c))),
    new Promise<string>((r) => setTimeout(() => r('timeout'), 10_000)),
  ]);
  if (p.exitCode === null) process.kill(p.pid!, 'SIGKILL');
  expect(code).toBe(2);
});
