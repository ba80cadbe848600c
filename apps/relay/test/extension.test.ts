/** @module test/extension.test — the extension hook the tunnel uses: upgrade routes, HTTP routes, close, metrics. */
import WebSocket, { WebSocketServer } from 'ws';
import { expect, it } from 'vitest';
import { type RelayExtension, startRelay } from '../src/relay.js';

it('an extension adds a WebSocket route, an HTTP route, tunnel metrics and a close hook', async () => {
  let closed = false;
  const echo: RelayExtension = ({ state }) => {
    const wss = new WebSocketServer({ noServer: true });
    return {
      upgradeRoutes: [
        {
          paths: ['/echo'],
          handle: (req, socket, head) =>
            wss.handleUpgrade(req, socket, head, (ws) => {
              state.metrics.tunnel.circuitsOpened.inc();
              ws.on('message', (d) => {
                state.metrics.tunnel.bytesRelayed.inc((d as Buffer).length);
                ws.send(d);
              });
            }),
        },
        { paths: ['/open'], checksTokenItself: true, handle: (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => ws.close(1000)) },
      ],
      routes: (app) => app.get('/ext', (c) => c.text('ext')),
      close: () => {
        closed = true;
        wss.close();
      },
    };
  };
  const relay = await startRelay({ host: '127.0.0.1', port: 0, token: 'tok' }, { extensions: [echo] });
  try {
    const ws = new WebSocket(`ws://127.0.0.1:${relay.port}/echo?token=tok`);
    const reply = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no echo')), 5000);
      ws.on('open', () => ws.send('hello'));
      ws.on('message', (d) => {
        clearTimeout(t);
        resolve(d.toString());
      });
      ws.on('error', reject);
    });
    ws.terminate();
    expect(reply).toBe('hello');
    // The relay's token guards extension routes too, unless they check it themselves.
    const denied = await new Promise<number>((resolve) => {
      const w = new WebSocket(`ws://127.0.0.1:${relay.port}/echo`);
      w.on('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0));
      w.on('error', () => {});
    });
    expect(denied).toBe(401);
    const own = await new Promise<number>((resolve, reject) => {
      const w = new WebSocket(`ws://127.0.0.1:${relay.port}/open`);
      w.on('close', (code) => resolve(code));
      w.on('error', reject);
    });
    expect(own).toBe(1000);
    expect(await (await fetch(`${relay.url}/ext`, { signal: AbortSignal.timeout(5000) })).text()).toBe('ext');
    const metrics = await (await fetch(`${relay.url}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
    expect(metrics).toMatch(/^seedling_relay_tunnel_circuits_opened_total 1$/m);
    expect(metrics).toMatch(/^seedling_relay_tunnel_bytes_relayed_total 5$/m);
  } finally {
    await relay.close();
  }
  expect(closed).toBe(true);
});
