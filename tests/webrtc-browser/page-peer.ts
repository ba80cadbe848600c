/**
 * @module tests/webrtc-browser/page-peer — the page side of the smoke test, as script text: a
 * peer built on the bundled `SeedlingWebRtc` and the browser's own RTCPeerConnection.
 * Plain JavaScript text so that nothing the test runner adds to compiled functions leaks in.
 */
export const PAGE_PEER_SCRIPT = `
/** The page's peer connections and their channels, for the test's stall reports. */
const trackedPeers = [];
class TrackedRTCPeerConnection extends RTCPeerConnection {
  constructor(config) {
    super(config);
    this.channels = [];
    trackedPeers.push(this);
    this.addEventListener('datachannel', (e) => this.channels.push(e.channel));
  }
  createDataChannel(label, init) {
    const ch = super.createDataChannel(label, init);
    this.channels.push(ch);
    return ch;
  }
}
window.seedlingPeer = {
  progress: { sent: 0, got: 0 },
  /** States of the most recent peer connection, its channels, and the exchange's progress. */
  async state() {
    const pc = trackedPeers.at(-1);
    const stats = {};
    if (pc) {
      for (const r of (await pc.getStats()).values()) {
        if (r.type === 'transport') stats.transport = { bytesSent: r.bytesSent, bytesReceived: r.bytesReceived, packetsSent: r.packetsSent, packetsReceived: r.packetsReceived };
        if (r.type === 'data-channel') stats.channel = { bytesSent: r.bytesSent, bytesReceived: r.bytesReceived, messagesReceived: r.messagesReceived };
        if (r.type === 'candidate-pair' && r.nominated) stats.pair = { bytesSent: r.bytesSent, bytesReceived: r.bytesReceived, packetsDiscardedOnSend: r.packetsDiscardedOnSend };
      }
    }
    return {
      stats,
      progress: { ...this.progress },
      connectionState: pc?.connectionState,
      iceConnectionState: pc?.iceConnectionState,
      dtlsState: pc?.sctp?.transport?.state,
      channels: pc?.channels.map((c) => ({ readyState: c.readyState, bufferedAmount: c.bufferedAmount })),
    };
  },
  pattern(seed, i) {
    let x = (Math.imul(i >>> 0, 0x9e3779b1) ^ Math.imul(seed + 1, 0x85ebca6b)) >>> 0;
    x ^= x >>> 15;
    x = Math.imul(x, 0x2c1b3c6d) >>> 0;
    x ^= x >>> 12;
    return x & 0xff;
  },
  conn: undefined,
  pending: undefined,
  answered: undefined,
  async answer(offerSdp) {
    const a = await SeedlingWebRtc.acceptWebRtcOffer({ RTCPeerConnection: TrackedRTCPeerConnection, offerSdp });
    this.answered = a;
    this.conn = a.connection;
    this.conn.catch(() => undefined);
    return a.sdp;
  },
  /** Drops the last answer (its offerer failed to apply it). */
  cancelAnswer() {
    this.answered?.cancel();
  },
  async offer() {
    this.pending = await SeedlingWebRtc.createWebRtcOffer({ RTCPeerConnection: TrackedRTCPeerConnection });
    return this.pending.sdp;
  },
  async accept(answerSdp) {
    this.conn = this.pending.accept(answerSdp);
    await this.conn;
  },
  async exchange(n, sendSeed, recvSeed) {
    const conn = await this.conn;
    const progress = (this.progress = { sent: 0, got: 0 });
    const writing = (async () => {
      for (let at = 0; at < n; at += 65536) {
        const b = new Uint8Array(Math.min(65536, n - at));
        for (let k = 0; k < b.length; k++) b[k] = this.pattern(sendSeed, at + k);
        await conn.write(b);
        progress.sent += b.length;
      }
    })();
    let got = 0;
    let bad = 0;
    for await (const c of conn.readable) {
      for (let k = 0; k < c.length && got + k < n; k++) if (c[k] !== this.pattern(recvSeed, got + k)) bad++;
      got += c.length;
      progress.got = got;
      if (got >= n) break;
    }
    await writing;
    return { got, bad, kind: conn.kind, remoteAddress: conn.remoteAddress };
  },
  async echo() {
    const conn = await this.conn;
    let n = 0;
    for await (const c of conn.readable) {
      await conn.write(c.slice());
      n += c.length;
    }
    return n;
  },
  async close() {
    const c = await this.conn;
    c.close();
    await c.closed;
  },
};
`;
