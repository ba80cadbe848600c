/**
 * @module bench/lib/page-channel-trace — an init script (`page.addInitScript(traceChannels)`)
 * that records a page's data channels, connection timeline and main-thread stalls; read with
 * `window.__trace.report()`. It runs in the page: it may use only browser globals. The Node-side
 * helpers at the end ({@link readTrace}, {@link receiveCurve}) read and summarize it.
 */

/**
 * BENCH_WEB_TRACE=1 (diagnosis, not in the results): every data channel of the page, sampled
 * every 20 ms — bufferedAmount (is the sender's channel full or starved?), message count, sizes
 * and bytes each way, the main thread's long tasks (in the timeline) — plus bytes received per
 * 100 ms, and packets the browser discarded on send (the selected candidate pair's
 * `packetsDiscardedOnSend`, sampled every 100 ms). Tab → tab in isolated-net, Chromium's
 * sender discards a burst of ~350 packets early in a transfer (raw channel and app alike; not
 * lost in the kernel: /proc/net/snmp showed no UDP drop), after which the data channel's SCTP
 * delivers next to nothing for 1.5–2.5 s (retransmission timeouts).
 */
export function traceChannels() {
  const channels = [];
  const Orig = window.RTCPeerConnection;
  // Connection timeline (wall clock, so both pages and the bench line up): what the first byte
  // waits for — page scripts, tracker socket, offers/answers, ICE, DTLS/SCTP, tunnel sockets.
  const timeline = [];
  const mark = (what) => { if (timeline.length < 200) timeline.push([Date.now(), what]); };
  const OrigWs = window.WebSocket;
  window.WebSocket = class extends OrigWs {
    constructor(url, ...rest) {
      super(url, ...rest);
      const path = new URL(url, location.href).pathname;
      mark(`ws ${path} new`);
      this.addEventListener('open', () => mark(`ws ${path} open`));
      this.addEventListener('close', () => mark(`ws ${path} close`));
    }
  };
  let pcs = 0;
  const peerConnections = [];
  // The selected candidate pair's counters of each peer connection, sampled every 500 ms (a
  // connection closed after the transfer has no stats left to read).
  const pairStats = new Map();
  // Packets discarded on send (all connections) per 100 ms bin, wall clock, where it changed.
  const discards = [];
  let discardedBefore = 0;
  const sampleStats = async () => {
    let discarded = 0;
    for (const pc of peerConnections) {
      if (pc.connectionState !== 'connected') continue;
      for (const s of (await pc.getStats()).values()) {
        if (s.type === 'candidate-pair' && s.nominated && s.packetsSent > 0) pairStats.set(pc, { packetsSent: s.packetsSent, packetsReceived: s.packetsReceived, packetsDiscardedOnSend: s.packetsDiscardedOnSend, rttMs: Math.round((s.currentRoundTripTime ?? 0) * 1000) });
      }
    }
    for (const p of pairStats.values()) discarded += p.packetsDiscardedOnSend ?? 0;
    if (discarded > discardedBefore) discards.push([Math.floor(Date.now() / 100) * 100, discarded - discardedBefore]);
    discardedBefore = discarded;
  };
  setInterval(() => void sampleStats().catch(() => undefined), 100);
  // Bytes received per 100 ms over all channels of the page (wall-clock bins, so the bench can
  // line them up with the link's opening): where the ramp and the tail of a transfer are.
  const bins = new Map();
  const watch = (ch) => {
    const c = { ch, sent: 0, sentBytes: 0, got: 0, gotBytes: 0, maxMsg: 0, requests: 0, wire: { skip: 68, head: [], left: 0 } };
    const label = `dc${channels.length}`;
    ch.addEventListener('open', () => mark(`${label} open`));
    ch.addEventListener('close', () => mark(`${label} close`));
    ch.addEventListener('message', (m) => {
      if (m.data.byteLength < 16384) return;
      if (c.gotBytes < 16384) mark(`${label} first block`);
      c.lastBlockAt = Date.now();
    });
    c.label = label;
    c.seenOut = new Map();
    // The first frame of each message id received (BEP 3/10 ids), over the first 256 KiB.
    const seenIn = new Map();
    const rw = { skip: 68, head: [] };
    ch.addEventListener('message', (m) => {
      if (c.gotBytes > 256 << 10 || typeof m.data === 'string') return;
      const bytes = new Uint8Array(m.data);
      for (let i = 0; i < bytes.length; ) {
        if (rw.skip > 0) { const n = Math.min(rw.skip, bytes.length - i); rw.skip -= n; i += n; continue; }
        rw.head.push(bytes[i++]);
        if (rw.head.length === 5) {
          const len = ((rw.head[0] << 24) | (rw.head[1] << 16) | (rw.head[2] << 8) | rw.head[3]) >>> 0;
          const k = rw.head[4];
          if ((seenIn.get(k) ?? 0) < (k === 20 ? 4 : 1)) { seenIn.set(k, (seenIn.get(k) ?? 0) + 1); mark(`${label} got id ${k}`); }
          rw.skip = len - 1;
          rw.head = [];
        } else if (rw.head.length === 4 && rw.head.every((x) => x === 0)) rw.head = [];
      }
    });
    channels.push(c);
    const send = ch.send.bind(ch);
    // Counts the BEP 3 `request` frames (id 6) in what this page sends: with the blocks
    // received, the requests outstanding at the peer.
    const countRequests = (bytes) => {
      const w = c.wire;
      for (let i = 0; i < bytes.length; ) {
        if (w.skip > 0) { const n = Math.min(w.skip, bytes.length - i); w.skip -= n; i += n; continue; }
        w.head.push(bytes[i++]);
        if (w.head.length === 5) {
          const len = ((w.head[0] << 24) | (w.head[1] << 16) | (w.head[2] << 8) | w.head[3]) >>> 0;
          if (w.head[4] === 6) c.requests++;
          const k = w.head[4];
          if ((c.seenOut.get(k) ?? 0) < (k === 20 ? 4 : 1)) { c.seenOut.set(k, (c.seenOut.get(k) ?? 0) + 1); mark(`${c.label} sent id ${k}`); }
          w.skip = len - 1;
          w.head = [];
        } else if (w.head.length === 4 && w.head.every((x) => x === 0)) w.head = []; // keep-alive
      }
    };
    ch.send = (d) => {
      c.sent++;
      c.sentBytes += d.byteLength ?? d.length ?? 0;
      c.maxMsg = Math.max(c.maxMsg, d.byteLength ?? 0);
      if (typeof d !== 'string') countRequests(d instanceof ArrayBuffer ? new Uint8Array(d) : new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
      return send(d);
    };
    ch.addEventListener('message', (m) => {
      const n = m.data.byteLength ?? 0;
      c.got++;
      c.gotBytes += n;
      const bin = Math.floor(Date.now() / 100) * 100;
      bins.set(bin, (bins.get(bin) ?? 0) + n);
    });
  };
  window.RTCPeerConnection = class extends Orig {
    constructor(...args) {
      super(...args);
      const id = `pc${pcs++}`;
      peerConnections.push(this);
      mark(`${id} new`);
      this.addEventListener('datachannel', (e) => watch(e.channel));
      this.addEventListener('icegatheringstatechange', () => mark(`${id} gathering ${this.iceGatheringState}`));
      this.addEventListener('connectionstatechange', () => mark(`${id} ${this.connectionState}`));
      this.addEventListener('icecandidate', (e) => {
        const f = e.candidate?.candidate?.split(' ');
        mark(f ? `${id} candidate ${f[2]} ${f[4]} ${f[7]}` : `${id} candidate end`);
      });
    }
    async setRemoteDescription(d) {
      mark(`pc remote ${d?.type}`);
      return super.setRemoteDescription(d);
    }
    createDataChannel(...args) {
      const ch = super.createDataChannel(...args);
      watch(ch);
      return ch;
    }
  };
  const slice = Blob.prototype.slice;
  const blobStats = { slices: 0, sliceMs: 0, bytes: 0 };
  Blob.prototype.slice = function (...args) {
    const t = performance.now();
    const out = slice.apply(this, args);
    blobStats.slices++;
    blobStats.sliceMs += performance.now() - t;
    blobStats.bytes += out.size;
    return out;
  };
  let longTaskMs = 0;
  let longTasks = 0;
  try {
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) {
        longTasks++;
        longTaskMs += e.duration;
        if (timeline.length < 200) timeline.push([Math.round(performance.timeOrigin + e.startTime), `long task ${Math.round(e.duration)} ms`]);
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  const samples = [];
  const outstanding = [];
  let lag = 0;
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    lag += Math.max(0, now - last - 20);
    last = now;
    for (const c of channels) {
      if (c.sentBytes > 1 << 20 && c.ch.readyState === 'open') samples.push(c.ch.bufferedAmount);
      if (c.gotBytes > 1 << 20 && c.ch.readyState === 'open') outstanding.push(Math.round(c.requests - c.gotBytes / 16397));
    }
  }, 20);
  window.__trace = {
    mark: (what, at) => timeline.push([at, what]),
    /** Packet counts of every peer connection's selected candidate pair (last getStats sample). */
    async pairs() {
      await sampleStats();
      return [...pairStats.values()];
    },
    report() {
      // The page's own User Timing marks (apps/web: `seedling:metadata`, `seedling:done`, …).
      for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith('seedling:')) timeline.push([Math.round(performance.timeOrigin + m.startTime), m.name]);
      const sorted = [...samples].sort((x, y) => x - y);
      const q = (f) => sorted.length ? sorted[Math.floor(f * (sorted.length - 1))] : null;
      return {
        channels: channels.map((c) => ({ sent: c.sent, sentBytes: c.sentBytes, got: c.got, gotBytes: c.gotBytes, maxMsg: c.maxMsg, threshold: c.ch.bufferedAmountLowThreshold })),
        bufferedAmount: { n: sorted.length, p10: q(0.1), p50: q(0.5), p90: q(0.9), zeroShare: sorted.length ? Math.round((100 * sorted.filter((x) => x === 0).length) / sorted.length) : null },
        outstandingRequests: (() => {
          const o = [...outstanding].sort((x, y) => x - y);
          const at = (f) => (o.length ? o[Math.floor(f * (o.length - 1))] : null);
          return { n: o.length, p10: at(0.1), p50: at(0.5), p90: at(0.9), max: at(1) };
        })(),
        blob: { ...blobStats, sliceMs: Math.round(blobStats.sliceMs) },
        longTasks, longTaskMs: Math.round(longTaskMs), timerLagMs: Math.round(lag),
        received: [...bins].sort((x, y) => x[0] - y[0]),
        discards,
        timeline: [...timeline, ...channels.filter((c) => c.lastBlockAt).map((c) => [c.lastBlockAt, `${c.label} last block`])].sort((x, y) => x[0] - y[0]).filter(([, w]) => !/ (new|gathering \w+)$/.test(w) || timeline.length < 60),
      };
    },
  };
}

/**
 * (Node side) The page's `received` bins as MB/s per 100 ms from `t0` (the link's opening, ms
 * since the epoch) to the last byte, missing bins as 0; and when the rate first reached
 * `share` of the transfer's mean rate past its first byte (the ramp) and how long the last
 * 10 % of the bytes took (the tail).
 */
export function receiveCurve(received, t0, total) {
  if (!received?.length) return null;
  const start = Math.floor(t0 / 100) * 100;
  const last = received[received.length - 1][0];
  const by = new Map(received);
  const mbps = [];
  for (let t = start; t <= last; t += 100) mbps.push(Math.round((by.get(t) ?? 0) / 1e5) / 1);
  let sum = 0;
  let tailFrom = null;
  for (const [t, n] of received) {
    sum += n;
    if (tailFrom === null && sum >= 0.9 * total) tailFrom = t;
  }
  const firstAt = received[0][0];
  const mean = sum / ((last + 100 - firstAt) / 1000);
  const fullAt = received.find(([, n]) => n * 10 >= 0.8 * mean)?.[0] ?? null;
  return {
    firstMs: firstAt - t0,
    reach80PctOfMeanMs: fullAt === null ? null : fullAt - t0,
    last10PctMs: tailFrom === null ? null : last + 100 - tailFrom,
    lastMs: last + 100 - t0,
    mbPer100ms: mbps.join(' '),
  };
}

/**
 * (Node side) Both pages' traces after a transfer opened at `t0` (ms since the epoch): timelines
 * in ms since `t0`, the receiver's curve ({@link receiveCurve}), each side's candidate-pair
 * packet counts, and the sender's packets discarded on send (`<ms>:<count>` per 100 ms).
 */
export async function readTrace(a, b, t0, size) {
  const pairs = { sender: await a.evaluate(() => window.__trace.pairs()), receiver: await b.evaluate(() => window.__trace.pairs()) };
  const sender = await a.evaluate(() => window.__trace.report());
  const receiver = await b.evaluate(() => window.__trace.report());
  for (const side of [sender, receiver]) side.timeline = side.timeline.map(([t, w]) => `${t - t0} ${w}`);
  const curve = receiveCurve(receiver.received, t0, size);
  const senderDiscards = sender.discards.map(([t, n]) => `${t - t0}:${n}`).join(' ');
  for (const side of [sender, receiver]) {
    delete side.received;
    delete side.discards;
  }
  return { sender, receiver, curve, pairs, senderDiscards };
}
