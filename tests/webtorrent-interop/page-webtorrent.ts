/**
 * @module tests/webtorrent-interop/page-webtorrent — loads WebTorrent's own browser bundle
 * (`webtorrent/dist/webtorrent.min.js`, a devDependency of apps/web) into a page and defines
 * `window.wtPeer`, the page's half of the interop tests, as plain script text (nothing the test
 * runner adds to compiled functions leaks into the page).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** WebTorrent's browser bundle and its version, as installed for apps/web. */
export function webtorrentBundle(): { source: string; version: string } {
  const requireWeb = createRequire(join(root, 'apps/web/package.json'));
  const pkgPath = requireWeb.resolve('webtorrent/package.json');
  const dist = join(pkgPath, '..', 'dist', 'webtorrent.min.js');
  if (!existsSync(dist)) throw new Error(`${dist} is missing: run pnpm install`);
  const { version } = JSON.parse(readFileSync(pkgPath, 'utf8')) as { version: string };
  // The bundle is an ES module ending in `export{X as default}`: expose X as window.WebTorrent.
  const source = readFileSync(dist, 'utf8').replace(/export\{(\w+) as default\};?/, 'window.WebTorrent=$1;');
  if (!source.includes('window.WebTorrent=')) throw new Error('unexpected webtorrent.min.js: no default export');
  return { source, version };
}

/**
 * The page side. WebTorrent's client is created with `tracker.rtcConfig.iceServers: []`: its
 * default STUN servers are unreachable here and simple-peer waits for ICE gathering to complete
 * (up to its 5 s iceCompleteTimeout) before it sends an offer or answer.
 */
export const PAGE_WEBTORRENT_SCRIPT = `
window.wtPeer = {
  client: undefined,
  log: [],
  start() {
    this.client = new WebTorrent({ tracker: { rtcConfig: { iceServers: [] } }, dht: false, lsd: false, utp: false, webSeeds: false });
    this.client.on('error', (e) => this.log.push('client error: ' + (e && e.message || e)));
  },
  watch(t) {
    t.on('warning', (e) => this.log.push('warning: ' + (e && e.message || e)));
    t.on('error', (e) => this.log.push('error: ' + (e && e.message || e)));
    t.on('wire', (w) => this.log.push('wire: ' + w.type + ' ' + w.peerId + ' ' + w.remoteAddress));
  },
  wires(t) {
    return t.wires.map((w) => ({ type: w.type, peerId: w.peerId, utMetadata: (w.peerExtendedHandshake && w.peerExtendedHandshake.m && w.peerExtendedHandshake.m.ut_metadata) || 0 }));
  },
  async hex(buf) {
    const d = new Uint8Array(await crypto.subtle.digest('SHA-256', buf));
    return Array.from(d, (b) => b.toString(16).padStart(2, '0')).join('');
  },
  download(magnet, announce, timeoutMs) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('WebTorrent download timed out; log: ' + this.log.slice(-20).join(' | '))), timeoutMs);
      const started = performance.now();
      const t = this.client.add(magnet, { announce: [announce] });
      this.watch(t);
      t.on('error', (e) => { clearTimeout(timer); reject(e); });
      t.on('done', async () => {
        try {
          const files = [];
          for (const f of t.files) {
            const buf = await f.arrayBuffer();
            files.push({ path: f.path, length: buf.byteLength, sha256: await this.hex(buf) });
          }
          clearTimeout(timer);
          resolve({ ms: Math.round(performance.now() - started), files, wires: this.wires(t), infoHash: t.infoHash });
        } catch (e) { clearTimeout(timer); reject(e); }
      });
    });
  },
  async seed(size, name, announce) {
    const bytes = new Uint8Array(size);
    for (let at = 0; at < size; at += 65536) crypto.getRandomValues(bytes.subarray(at, Math.min(size, at + 65536)));
    const sha256 = await this.hex(bytes);
    const file = new File([bytes], name);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('WebTorrent seed timed out; log: ' + this.log.slice(-20).join(' | '))), 60000);
      this.client.seed(file, { announce: [announce] }, (t) => {
        clearTimeout(timer);
        this.seeding = t;
        this.watch(t);
        resolve({ magnet: t.magnetURI, sha256, infoHash: t.infoHash });
      });
    });
  },
  seedingStats() {
    return { uploaded: this.seeding.uploaded, log: this.log.slice() };
  },
  destroy() {
    return new Promise((resolve) => (this.client ? this.client.destroy(() => resolve()) : resolve()));
  },
};
`;
