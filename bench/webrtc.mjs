#!/usr/bin/env node
/**
 * @module bench/webrtc — WebRTC data channel throughput on 127.0.0.1 (a benchmark, not a test).
 *
 *   node bench/webrtc.mjs [--mib 64] [--rounds 2] [--libs]
 *
 * Default: our Connection (packages/core/src/webrtc) against a raw data channel of the same
 * library in the same run, for both Node libraries (the default one first), and our TCP transport; prints MB/s and
 * ratios and writes bench/results/webrtc.json (key `oursOverRawChannel`).
 * `--libs`: compares the candidate Node libraries (node-datachannel, @roamhq/wrtc, and werift
 * when installed in $TMPDIR/werift-bench): raw 64 MiB throughput, setup time and 10 raw
 * connects, plus 20 connects through our API; written to bench/results/webrtc-libs.json. The TypeScript sources are bundled with esbuild (shipped with
 * tsup) into a temporary file first; nothing is built into the packages.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const core = join(root, 'packages/core');
const requireCore = createRequire(join(core, 'package.json'));
const args = process.argv.slice(2);
const mib = Number(args[args.indexOf('--mib') + 1] || 64) || 64;
const TOTAL = mib * 1024 * 1024;
const HIGH = 1024 * 1024;
const LOW = 256 * 1024;
const MESSAGE = 16 * 1024;
const OURS_CONNECTS = 20;
const ROUNDS = Number(args[args.indexOf('--rounds') + 1] || 2) || 2;

async function loadCore() {
  const esbuild = createRequire(requireCore.resolve('tsup'))('esbuild');
  // Inside packages/core/node_modules so that the adapter's computed imports of the native
  // libraries resolve from the bundle as they do from the package.
  mkdirSync(join(core, 'node_modules/.cache'), { recursive: true });
  const dir = mkdtempSync(join(core, 'node_modules/.cache/seedling-webrtc-bench-'));
  const entry = join(dir, 'entry.ts');
  const tcp = join(core, 'src/adapters/node/tcp-transport.ts');
  writeFileSync(
    entry,
    [
      `export * from ${JSON.stringify(join(core, 'src/webrtc/index.ts'))};`,
      `export * from ${JSON.stringify(join(core, 'src/adapters/node/webrtc-node.ts'))};`,
      existsSync(tcp) ? `export { createTcpTransport } from ${JSON.stringify(tcp)};` : 'export const createTcpTransport = undefined;',
    ].join('\n'),
  );
  const absolute = {
    name: 'absolute-externals',
    setup(build) {
      build.onResolve({ filter: /^(node-datachannel|@roamhq\/wrtc)/ }, (a) => ({
        path: pathToFileURL(requireCore.resolve(a.path)).href,
        external: true,
      }));
    },
  };
  const outfile = join(dir, 'core.mjs');
  await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile, plugins: [absolute], logLevel: 'error' });
  const mod = await import(pathToFileURL(outfile).href);
  rmSync(dir, { recursive: true, force: true });
  return mod;
}

async function loadLib(name) {
  if (name === 'node-datachannel') {
    const m = await import(pathToFileURL(requireCore.resolve('node-datachannel/polyfill')).href);
    return { PC: m.RTCPeerConnection, config: { bindAddress: '127.0.0.1' } };
  }
  if (name === '@roamhq/wrtc') {
    const m = await import(pathToFileURL(requireCore.resolve('@roamhq/wrtc')).href);
    return { PC: m.default.RTCPeerConnection, config: {} };
  }
  const m = await import(pathToFileURL(createRequire(join(tmpdir(), 'werift-bench/package.json')).resolve('werift')).href);
  return { PC: m.RTCPeerConnection, config: {} };
}

function timeout(ms, what) {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`timeout: ${what}`)), ms).unref());
}

/** A raw offer/answer (waits for gathering complete, max 3 s) and an open channel pair. */
async function rawPair(lib) {
  const gather = (pc) =>
    Promise.race([
      new Promise((r) => {
        if (pc.iceGatheringState === 'complete') r();
        pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r());
      }),
      new Promise((r) => setTimeout(r, 3000).unref()),
    ]);
  const a = new lib.PC({ iceServers: [], ...lib.config });
  const b = new lib.PC({ iceServers: [], ...lib.config });
  const dc = a.createDataChannel('raw');
  dc.binaryType = 'arraybuffer';
  const remote = new Promise((r) => b.addEventListener('datachannel', (e) => r(e.channel)));
  let rc;
  try {
    await a.setLocalDescription(await a.createOffer());
    await gather(a);
    await b.setRemoteDescription({ type: 'offer', sdp: a.localDescription.sdp });
    await b.setLocalDescription(await b.createAnswer());
    await gather(b);
    await a.setRemoteDescription({ type: 'answer', sdp: b.localDescription.sdp });
    await new Promise((r) => (dc.readyState === 'open' ? r() : dc.addEventListener('open', r)));
    rc = await remote;
    rc.binaryType = 'arraybuffer';
    if (rc.readyState !== 'open') await new Promise((r) => rc.addEventListener('open', r));
  } catch (err) {
    // A failed negotiation (e.g. libdatachannel's answer race) must not leave its pair running.
    a.close();
    b.close();
    throw err;
  }
  return { a, b, dc, rc, close: () => (a.close(), b.close()) };
}

/**
 * Connects again when a negotiation is lost to libdatachannel's answer race (docs/webrtc.md),
 * logged; set to the core's `retryAnswerRace` once loaded. The connect is not timed: what the
 * runs measure is unchanged. `--libs` does not retry: it counts connect failures.
 */
let retryRace = (connect) => connect();

/** Raw channel: 16 KiB messages, bufferedAmount kept under 1 MiB (event, plus a 10 ms poll). */
async function rawThroughput(lib, total = TOTAL) {
  const p = await retryRace(() => Promise.race([rawPair(lib), timeout(20_000, 'raw connect')]));
  let got = 0;
  const done = new Promise((r) =>
    p.rc.addEventListener('message', (e) => {
      got += e.data.byteLength;
      if (got >= total) r();
    }),
  );
  const buf = new Uint8Array(MESSAGE).fill(7);
  p.dc.bufferedAmountLowThreshold = LOW;
  const t0 = performance.now();
  for (let sent = 0; sent < total; sent += MESSAGE) {
    while (p.dc.bufferedAmount > HIGH) {
      await new Promise((r) => {
        const t = setTimeout(r, 10);
        p.dc.onbufferedamountlow = () => (clearTimeout(t), r());
      });
    }
    p.dc.send(buf);
  }
  await Promise.race([done, timeout(300_000, 'raw transfer')]);
  const s = (performance.now() - t0) / 1000;
  p.close();
  return total / 1e6 / s;
}

async function connectionThroughput(a, b) {
  const chunk = new Uint8Array(64 * 1024).fill(7);
  const t0 = performance.now();
  const reading = (async () => {
    let got = 0;
    for await (const c of b.readable) if ((got += c.byteLength) >= TOTAL) break;
  })();
  for (let sent = 0; sent < TOTAL; sent += chunk.byteLength) await a.write(chunk);
  await Promise.race([reading, timeout(300_000, 'connection transfer')]);
  const s = (performance.now() - t0) / 1000;
  a.close();
  b.close();
  await Promise.all([a.closed, b.closed]);
  return TOTAL / 1e6 / s;
}

async function oursPair(c, PC) {
  const offer = await c.createWebRtcOffer({ RTCPeerConnection: PC });
  const answer = await c.acceptWebRtcOffer({ RTCPeerConnection: PC, offerSdp: offer.sdp });
  try {
    return await Promise.all([offer.accept(answer.sdp), answer.connection]);
  } catch (err) {
    answer.cancel();
    throw err;
  }
}

async function tcpThroughput(c) {
  if (!c.createTcpTransport) return undefined;
  const t = c.createTcpTransport();
  let accepted;
  const inbound = new Promise((r) => (accepted = r));
  const listener = await t.listen('127.0.0.1:0', accepted);
  const a = await t.dial(listener.address);
  const b = await inbound;
  const mbps = await connectionThroughput(a, b);
  await listener.close();
  return mbps;
}

const round = (x) => (x === undefined ? null : Math.round(x * 10) / 10);

async function compareLibs() {
  const libs = ['node-datachannel', '@roamhq/wrtc'];
  if (existsSync(join(tmpdir(), 'werift-bench/node_modules/werift'))) libs.push('werift');
  const results = {};
  for (const name of libs) {
    const lib = await loadLib(name);
    const setups = [];
    const failures = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      try {
        const p = await Promise.race([rawPair(lib), timeout(20_000, 'connect')]);
        const echo = new Promise((r) => p.rc.addEventListener('message', r, { once: true }));
        p.dc.send(new Uint8Array([i]));
        await Promise.race([echo, timeout(5000, 'first message')]);
        setups.push(performance.now() - t0);
        p.close();
      } catch (e) {
        failures.push(String(e?.cause?.message ?? e?.message ?? e));
      }
    }
    setups.sort((x, y) => x - y);
    // The same through our API (non-trickle, 150 ms grace), 20 connects with 64 KiB each way.
    const c = await loadCore();
    const PC =
      name === 'werift'
        ? lib.PC
        : await c.loadNodeRTCPeerConnection(name === 'node-datachannel' ? { library: name, bindAddress: '127.0.0.1' } : { library: name });
    let oursOk = 0;
    const oursSetups = [];
    const oursFailures = [];
    for (let i = 0; i < OURS_CONNECTS; i++) {
      const t0 = performance.now();
      try {
        const [a, b] = await Promise.race([oursPair(c, PC), timeout(25_000, 'connect')]);
        oursSetups.push(performance.now() - t0);
        const data = new Uint8Array(65536).fill(i);
        const read = async (conn) => { let n = 0; for await (const x of conn.readable) if ((n += x.byteLength) >= data.byteLength) break; return n; };
        await Promise.race([Promise.all([a.write(data), b.write(data), read(a), read(b)]), timeout(20_000, 'exchange')]);
        a.close();
        b.close();
        await Promise.all([a.closed, b.closed]);
        oursOk++;
      } catch (e) {
        oursFailures.push(`${e?.code ?? ''} ${e?.cause?.message ?? e?.message ?? e}`.trim());
      }
    }
    oursSetups.sort((x, y) => x - y);
    let mbps;
    try {
      mbps = await rawThroughput(lib);
    } catch (e) {
      failures.push(`throughput: ${e.message}`);
    }
    results[name] = {
      connectsOk: setups.length,
      connectsTried: 10,
      setupMsMedian: round(setups[Math.floor(setups.length / 2)]),
      setupMsMax: round(setups.at(-1)),
      rawMBps: round(mbps),
      failures,
      oursConnectsOk: oursOk,
      oursConnectsTried: OURS_CONNECTS,
      oursSetupMsMedian: round(oursSetups[Math.floor(oursSetups.length / 2)]),
      oursSetupMsMax: round(oursSetups.at(-1)),
      oursFailures,
    };
    console.log(name, JSON.stringify(results[name]));
  }
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/webrtc-libs.json'), JSON.stringify({ mib, results }, null, 2) + '\n');
}

async function main() {
  if (args.includes('--libs')) return compareLibs();
  const c = await loadCore();
  retryRace = (connect) => c.retryAnswerRace(connect);
  const libraries = {};
  for (const name of [c.DEFAULT_NODE_WEBRTC_LIBRARY, ...['@roamhq/wrtc', 'node-datachannel'].filter((n) => n !== c.DEFAULT_NODE_WEBRTC_LIBRARY)]) {
    const PC = await c.loadNodeRTCPeerConnection(name === 'node-datachannel' ? { library: name, bindAddress: '127.0.0.1' } : { library: name });
    // The first transfer in a process runs slower (warm-up), and the machine is shared and
    // noisy: one discarded warm-up, then rounds alternating which goes first, best of each.
    await rawThroughput(await loadLib(name), 8 * 1024 * 1024);
    let raw = 0;
    let ours = 0;
    const measureOurs = async () => {
      const [a, b] = await retryRace(() => oursPair(c, PC));
      ours = Math.max(ours, await connectionThroughput(a, b));
    };
    const measureRaw = async () => {
      raw = Math.max(raw, await rawThroughput(await loadLib(name)));
    };
    for (let round = 0; round < ROUNDS; round++) {
      for (const measure of round % 2 ? [measureOurs, measureRaw] : [measureRaw, measureOurs]) await measure();
    }
    libraries[name] = { rawChannelMBps: round(raw), oursMBps: round(ours), oursOverRawChannel: Math.round((ours / raw) * 1000) / 1000 };
    console.log(`${name}: raw data channel ${round(raw)} MB/s, our Connection ${round(ours)} MB/s (${((ours / raw) * 100).toFixed(0)} % of raw)`);
  }
  const tcp = await tcpThroughput(c);
  const chosen = libraries[c.DEFAULT_NODE_WEBRTC_LIBRARY];
  console.log(`TCP transport ${round(tcp) ?? 'n/a'} MB/s`);
  const result = {
    library: c.DEFAULT_NODE_WEBRTC_LIBRARY,
    mib,
    rawChannelMBps: chosen.rawChannelMBps,
    oursMBps: chosen.oursMBps,
    oursOverRawChannel: chosen.oursOverRawChannel,
    tcpMBps: round(tcp),
    oursOverTcp: tcp ? Math.round((chosen.oursMBps / tcp) * 1000) / 1000 : null,
    libraries,
  };
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/webrtc.json'), JSON.stringify(result, null, 2) + '\n');
}

main().then(
  () => setTimeout(() => process.exit(0), 100),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
