/** @module app.test — every HTTP route of the relay through `app.request()`. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BDecoded, bdecode, urlBytes } from '../test/bdecode.js';
import { createRelayApp } from './app.js';
import { createRelayState } from './state.js';

const ih = Buffer.alloc(20, 0xab);
const id = (n: number) => Buffer.concat([Buffer.from('-SD0001-'), Buffer.alloc(12, n)]);
/** The node-server binding with the socket address the relay reads. */
const from = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });
type Dict = Record<string, BDecoded>;

function setup(config = {}) {
  const state = createRelayState({ webRoot: '/nonexistent-web-root', ...config });
  const app = createRelayApp({ state });
  const announce = async (peer: number, params: string, addr = '127.0.0.1', hash: Uint8Array = ih) => {
    const res = await app.request(`/announce?info_hash=${urlBytes(hash)}&peer_id=${urlBytes(id(peer))}&${params}`, {}, from(addr));
    expect(res.status).toBe(200);
    return bdecode(new Uint8Array(await res.arrayBuffer())) as Dict;
  };
  return { state, app, announce };
}

describe('GET /announce (BEP 3)', () => {
  it('returns compact IPv4 peers (BEP 23), counts and intervals', async () => {
    const { announce } = setup();
    await announce(1, 'port=6881&left=0&event=started', '10.0.0.1');
    const r = await announce(2, 'port=6882&left=10&compact=1&event=started', '10.0.0.2');
    expect(r.complete).toBe(1);
    expect(r.incomplete).toBe(1);
    expect(r.interval).toBe(120);
    expect(r['min interval']).toBe(30);
    expect([...(r.peers as Buffer)]).toEqual([10, 0, 0, 1, 0x1a, 0xe1]);
    expect((r.peers6 as Buffer).length).toBe(0);
  });

  it('returns IPv6 peers in peers6 (BEP 7) and IPv4-mapped addresses as IPv4', async () => {
    const { announce } = setup();
    await announce(1, 'port=51413', '2001:db8::1');
    await announce(3, 'port=80', '::ffff:192.0.2.7');
    const r = await announce(2, 'port=1&compact=1', '10.0.0.2');
    const p6 = r.peers6 as Buffer;
    expect(p6.length).toBe(18);
    expect(p6.subarray(0, 16).toString('hex')).toBe('20010db8000000000000000000000001');
    expect(p6.readUInt16BE(16)).toBe(51413);
    expect([...(r.peers as Buffer)]).toEqual([192, 0, 2, 7, 0, 80]);
  });

  it('never gives TCP clients a tunnel-only peer (port 0, a browser page); lists it by id for tunnel lookups', async () => {
    const { announce } = setup();
    await announce(1, 'port=0', '10.0.0.1');
    await announce(3, 'port=6883', '10.0.0.3');
    const compact = await announce(2, 'port=6882&compact=1', '10.0.0.2');
    expect([...(compact.peers as Buffer)]).toEqual([10, 0, 0, 3, 6883 >> 8, 6883 & 0xff]);
    const lookup = await announce(2, 'port=6882&compact=0', '10.0.0.2');
    const byPort = (lookup.peers as { port: number }[]).map((p) => p.port).sort((a, b) => a - b);
    expect(byPort).toEqual([0, 6883]);
    const noIds = await announce(2, 'port=6882&compact=0&no_peer_id=1', '10.0.0.2');
    expect(noIds.peers).toEqual([{ ip: Buffer.from('10.0.0.3'), port: 6883 }]);
  });

  it('returns a non-compact list of dicts with peer id, ip and port', async () => {
    const { announce } = setup();
    await announce(1, 'port=6881', '10.0.0.1');
    const r = await announce(2, 'port=6882', '10.0.0.2');
    expect(r.peers).toEqual([{ 'peer id': id(1), ip: Buffer.from('10.0.0.1'), port: 6881 }]);
  });

  it('never returns the asking peer, honours numwant and removes stopped peers', async () => {
    const { announce, state } = setup();
    for (let i = 1; i <= 10; i++) await announce(i, 'port=7000', `10.0.0.${i}`);
    const r = await announce(1, 'port=7000&compact=1&numwant=4', '10.0.0.1');
    const peers = r.peers as Buffer;
    expect(peers.length).toBe(24);
    for (let o = 0; o < peers.length; o += 6) expect(peers[o + 3]).not.toBe(1);
    const s = await announce(1, 'port=7000&event=stopped', '10.0.0.1');
    expect(s.incomplete).toBe(9);
    expect(state.registry.peerCount).toBe(9);
  });

  it('counts completed events as downloads and moves the peer to complete', async () => {
    const { announce, app } = setup();
    await announce(1, 'port=7000&left=5');
    const r = await announce(1, 'port=7000&left=0&event=completed');
    expect([r.complete, r.incomplete]).toEqual([1, 0]);
    const res = await app.request(`/scrape?info_hash=${urlBytes(ih)}`);
    const files = (bdecode(new Uint8Array(await res.arrayBuffer())) as Dict).files as Dict;
    expect(files[ih.toString('latin1')]).toEqual({ complete: 1, incomplete: 0, downloaded: 1 });
  });

  it('accepts the ip parameter from loopback only, unless trusted', async () => {
    const { announce } = setup();
    await announce(1, 'port=9&ip=192.0.2.1', '127.0.0.1');
    await announce(2, 'port=9&ip=192.0.2.2', '10.9.9.9');
    const r = await announce(3, 'port=1&compact=1', '10.0.0.3');
    const got = new Set<string>();
    const p = r.peers as Buffer;
    for (let o = 0; o < p.length; o += 6) got.add([...p.subarray(o, o + 4)].join('.'));
    expect(got).toEqual(new Set(['192.0.2.1', '10.9.9.9']));
    const trusted = setup({ trustIpParam: true });
    await trusted.announce(2, 'port=9&ip=192.0.2.2', '10.9.9.9');
    expect([...((await trusted.announce(3, 'port=1&compact=1', '10.0.0.3')).peers as Buffer).subarray(0, 4)]).toEqual([192, 0, 2, 2]);
  });

  it.each([
    ['info_hash=abc&peer_id=' + urlBytes(id(1)) + '&port=1', /info_hash/],
    [`info_hash=${urlBytes(ih)}&peer_id=short&port=1`, /peer_id/],
    [`info_hash=${urlBytes(ih)}&peer_id=${urlBytes(id(1))}&port=-1`, /port/],
    [`info_hash=${urlBytes(ih)}&peer_id=${urlBytes(id(1))}&port=70000`, /port/],
    [`info_hash=${urlBytes(ih)}&peer_id=${urlBytes(id(1))}&port=1&event=bogus`, /event/],
    [`info_hash=${urlBytes(ih)}&peer_id=${urlBytes(id(1))}&port=1&event=constructor`, /event/],
    [`info_hash=${urlBytes(ih)}&peer_id=${urlBytes(id(1))}&port=1&left=-5`, /left/],
  ])('answers bad input %s with HTTP 200 and a failure reason', async (query, reason) => {
    const { app } = setup();
    const res = await app.request(`/announce?${query}`, {}, from('10.0.0.1'));
    expect(res.status).toBe(200);
    const body = bdecode(new Uint8Array(await res.arrayBuffer())) as Dict;
    expect(String(body['failure reason'])).toMatch(reason);
  });

  it('refuses past the peers-per-swarm limit', async () => {
    const { announce } = setup({ maxPeersPerSwarm: 2 });
    await announce(1, 'port=1');
    await announce(2, 'port=1');
    expect(String((await announce(3, 'port=1'))['failure reason'])).toMatch(/full/);
  });

  it('requires the access token when one is configured', async () => {
    const { app } = setup({ token: 's3cret' });
    const q = `info_hash=${urlBytes(ih)}&peer_id=${urlBytes(id(1))}&port=1`;
    const denied = bdecode(new Uint8Array(await (await app.request(`/announce?${q}`, {}, from('10.0.0.1'))).arrayBuffer())) as Dict;
    expect(String(denied['failure reason'])).toMatch(/token/);
    const ok = bdecode(new Uint8Array(await (await app.request(`/announce?${q}&token=s3cret`, {}, from('10.0.0.1'))).arrayBuffer())) as Dict;
    expect(ok.interval).toBe(120);
  });
});

describe('GET /scrape (BEP 48)', () => {
  it('keys files by the 20-byte info-hash, zeros for unknown swarms', async () => {
    const { app, announce } = setup();
    const other = Buffer.alloc(20, 0x01);
    await announce(1, 'port=1&left=0');
    await announce(2, 'port=1&left=9');
    const res = await app.request(`/scrape?info_hash=${urlBytes(ih)}&info_hash=${urlBytes(other)}`);
    const files = (bdecode(new Uint8Array(await res.arrayBuffer())) as Dict).files as Dict;
    expect(files[ih.toString('latin1')]).toEqual({ complete: 1, incomplete: 1, downloaded: 0 });
    expect(files[other.toString('latin1')]).toEqual({ complete: 0, incomplete: 0, downloaded: 0 });
  });

  it('refuses a scrape of every swarm (it would list what is shared)', async () => {
    const { app } = setup();
    const body = bdecode(new Uint8Array(await (await app.request('/scrape')).arrayBuffer())) as Dict;
    expect(String(body['failure reason'])).toMatch(/info_hash/);
  });
});

describe('GET /health and /metrics', () => {
  it('/health answers 200 JSON with status, uptime, version and counts', async () => {
    const { app, announce } = setup();
    await announce(1, 'port=1');
    const res = await app.request('/health');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'ok', version: '0.1.0', counts: { swarms: 1, peers: 1, wsConnections: 0 } });
    expect(typeof body.uptime).toBe('number');
  });

  it('/metrics is Prometheus text with announce counts by kind', async () => {
    const { app, announce } = setup();
    await announce(1, 'port=1');
    await announce(2, 'port=1');
    const res = await app.request('/metrics');
    expect(res.headers.get('content-type')).toMatch(/text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^# TYPE seedling_relay_announces_total counter$/m);
    expect(text).toMatch(/^seedling_relay_announces_total\{kind="http"\} 2$/m);
    expect(text).toMatch(/^seedling_relay_announces_total\{kind="ws"\} 0$/m);
    expect(text).toMatch(/^seedling_relay_peers 2$/m);
    expect(text).toMatch(/^seedling_relay_tunnel_circuits_open 0$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+$/m);
    for (const line of text.trim().split('\n')) expect(line).toMatch(/^(# (HELP|TYPE) \S+ .+|[a-z_:]+(\{[^}]*\})? -?\d+(\.\d+)?(e[+-]?\d+)?)$/);
  });
});

describe('static web app', () => {
  const root = mkdtempSync(join(tmpdir(), 'relay-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(root, 'assets', 'app-1234.js'), 'console.log(1)');
  const { app } = { app: createRelayApp({ config: { webRoot: root } }) };

  it('serves index.html at / and files with their type', async () => {
    const home = await app.request('/');
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toMatch(/text\/html/);
    expect(await home.text()).toContain('<title>app</title>');
    const js = await app.request('/assets/app-1234.js');
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('cache-control')).toMatch(/immutable/);
    expect(await js.text()).toBe('console.log(1)');
  });

  it('falls back to index.html for app routes, 404 for missing files and no escape from the root', async () => {
    const route = await app.request('/receive/abc');
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<title>app</title>');
    expect((await app.request('/missing.js')).status).toBe(404);
    expect(await (await app.request('/%2e%2e/%2e%2e/etc/passwd')).text()).not.toMatch(/root:/);
    const escaped = await app.request('/..%2f..%2fetc%2fpasswd');
    expect(await escaped.text()).not.toMatch(/root:/);
  });

  it('shows a placeholder page when the web app is not built', async () => {
    const res = await createRelayApp({ config: { webRoot: join(root, 'nope') } }).request('/');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Seedling relay');
  });
});
