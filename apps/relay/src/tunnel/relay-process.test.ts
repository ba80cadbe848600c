/**
 * @module tunnel/relay-process.test — tunnels through the real `seedling-relay` process
 * (dist/server.js, built first): integrity, /metrics counters, env limits and the access token.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { dialViaRelay, listenViaRelay, type SecureConnection } from '../../../../packages/core/src/tunnel/index.js';
import { INFO_HASH, NodeWebSocket, hashAll, payload, sendAll, until, within } from './test-support.js';

const bin = fileURLToPath(new URL('../../dist/server.js', import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.pid && c.exitCode === null) process.kill(c.pid, 'SIGKILL');
});

async function startProcess(args: string[], env: Record<string, string> = {}): Promise<string> {
  const child = spawn(process.execPath, [bin, '--port', '0', '--host', '127.0.0.1', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  children.push(child);
  let out = '';
  const port = await within(
    new Promise<number>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        for (const line of out.split('\n')) {
          if (line.includes('"event":"listening"')) resolve((JSON.parse(line) as { port: number }).port);
        }
      });
      child.once('exit', (code) => reject(new Error(`relay exited with ${code}: ${out}`)));
    }),
    15_000,
    'relay listening',
  );
  return `http://127.0.0.1:${port}`;
}

async function reserve(url: string, token?: string): Promise<{ inbound: SecureConnection[]; close(): void }> {
  const inbound: SecureConnection[] = [];
  const r = await listenViaRelay({ relay: url, WebSocket: NodeWebSocket, infoHash: INFO_HASH, peerId: 'seeder', token, onConnection: (c) => inbound.push(c) });
  return { inbound, close: () => r.close() };
}

const dial = (url: string, token?: string) =>
  dialViaRelay({ relay: url, WebSocket: NodeWebSocket, infoHash: INFO_HASH, localPeerId: 'leecher', remotePeerId: 'seeder', token });

describe('tunnel through the seedling-relay process', () => {
  it('carries data byte-identical, applies flag and env limits, and counts on /metrics', async () => {
    const url = await startProcess(['--tunnel-circuits-per-ip', '1'], { SEEDLING_RELAY_TUNNEL_RESERVATIONS_PER_IP: '1' });
    const res = await reserve(url);
    await expect(
      listenViaRelay({ relay: url, WebSocket: NodeWebSocket, infoHash: INFO_HASH, peerId: 'second', onConnection: () => undefined }),
    ).rejects.toMatchObject({ code: 'RESOURCE_LIMIT_EXCEEDED' });
    const conn = await dial(url);
    await until(() => res.inbound.length === 1, 5000, 'inbound');
    const size = 8 * 1024 * 1024;
    const [sent, got] = await within(
      Promise.all([sendAll((b) => conn.write(b), payload(size, 256 * 1024, randomBytes(32))), hashAll(res.inbound[0]!.readable, size)]),
      60_000,
      'transfer',
    );
    expect(got.sha256).toBe(sent);
    await expect(dial(url)).rejects.toMatchObject({ name: 'TunnelError', code: 'RESOURCE_LIMIT_EXCEEDED' });
    const metrics = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
    const value = (name: string) => Number(metrics.match(new RegExp(`^${name} (\\d+)`, 'm'))?.[1]);
    expect(value('seedling_relay_tunnel_circuits_opened_total')).toBe(1);
    expect(value('seedling_relay_tunnel_circuits_open')).toBe(1);
    expect(value('seedling_relay_tunnel_circuits_refused_total')).toBe(1);
    expect(metrics).toMatch(/^seedling_relay_tunnel_refusals_total\{status="RESOURCE_LIMIT_EXCEEDED"\} 2$/m);
    expect(value('seedling_relay_tunnel_bytes_relayed_total')).toBeGreaterThan(size);
    expect(value('seedling_relay_tunnel_reservations')).toBe(1);
    conn.close();
    res.close();
  });

  it('with --token: missing or wrong token is PERMISSION_DENIED, the right one works', async () => {
    const url = await startProcess(['--token', 's3cret']);
    await expect(reserve(url)).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(reserve(url, 'wrong')).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    await expect(dial(url, 'wrong')).rejects.toMatchObject({ code: 'PERMISSION_DENIED' });
    const res = await reserve(url, 's3cret');
    const conn = await dial(url, 's3cret');
    await conn.write(new TextEncoder().encode('private hello'));
    await until(() => res.inbound.length === 1, 5000, 'inbound');
    const first = await within(res.inbound[0]!.readable[Symbol.asyncIterator]().next(), 5000, 'read');
    expect(new TextDecoder().decode(first.value)).toBe('private hello');
    conn.close();
    res.close();
  });
});
