/**
 * @module bench/lib/page-channel-trace — an init script (`page.addInitScript(traceChannels)`)
 * that records a page's data channels, connection timeline and main-thread stalls; read with
 * `window.__trace.report()`. It runs in the page: it may use only browser globals.
 */

/**
 * BENCH_WEB_TRACE=1 (diagnosis, not in the results): every data channel of the page, sampled
 * every 20 ms — bufferedAmount (is the sender's channel full or starved?), message count, sizes
 * and bytes each way, and the main thread's long tasks.
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
    ch.addEventListener('message', (m) => { c.got++; c.gotBytes += m.data.byteLength ?? 0; });
  };
  window.RTCPeerConnection = class extends Orig {
    constructor(...args) {
      super(...args);
      const id = `pc${pcs++}`;
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
    new PerformanceObserver((l) => { for (const e of l.getEntries()) { longTasks++; longTaskMs += e.duration; } }).observe({ type: 'longtask', buffered: true });
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
        timeline: [...timeline, ...channels.filter((c) => c.lastBlockAt).map((c) => [c.lastBlockAt, `${c.label} last block`])].sort((x, y) => x[0] - y[0]).filter(([, w]) => !/ (new|gathering \w+)$/.test(w) || timeline.length < 60),
      };
    },
  };
}
