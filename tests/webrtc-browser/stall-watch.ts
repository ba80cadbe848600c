/**
 * @module tests/webrtc-browser/stall-watch — every wait of the browser WebRTC tests ends before
 * vitest's own timeout, and says where it stopped: the step, and what both ends looked like then
 * (peer connection, ICE and data channel states, bufferedAmount, bytes sent and received).
 */
import type { RtcDataChannelLike, RtcPeerConnectionConstructor, RtcPeerConnectionLike } from '../../packages/core/src/webrtc/index.js';

/** Bytes one end of an exchange has handed to `write` (resolved) and read. */
export interface ExchangeProgress {
  sent: number;
  got: number;
}

/** The Node peer connections made through {@link trackPeerConnections}, with their channels. */
export interface TrackedPeers {
  readonly PC: RtcPeerConnectionConstructor;
  /** States of the most recent peer connection and its channels. */
  snapshot(): Promise<Record<string, unknown>>;
}

/** Wraps a peer connection constructor so that the test can report the states of what it made. */
export function trackPeerConnections(Base: RtcPeerConnectionConstructor): TrackedPeers {
  const made: Array<{ pc: RtcPeerConnectionLike; channels: RtcDataChannelLike[] }> = [];
  const PC = function (this: unknown, config?: ConstructorParameters<RtcPeerConnectionConstructor>[0]): RtcPeerConnectionLike {
    const pc = new Base(config);
    const entry = { pc, channels: [] as RtcDataChannelLike[] };
    made.push(entry);
    const create = pc.createDataChannel.bind(pc);
    pc.createDataChannel = (label, init) => {
      const ch = create(label, init);
      entry.channels.push(ch);
      return ch;
    };
    pc.addEventListener('datachannel', (e: { channel: RtcDataChannelLike }) => void entry.channels.push(e.channel));
    return pc;
  } as unknown as RtcPeerConnectionConstructor;
  return {
    PC,
    async snapshot() {
      const last = made.at(-1);
      if (!last) return { pc: 'none' };
      let transport: unknown;
      const withStats = last.pc as RtcPeerConnectionLike & { getStats?: () => Promise<Map<string, { type: string; bytesSent?: number; bytesReceived?: number }>> };
      for (const r of (await withStats.getStats?.())?.values() ?? []) {
        if (r.type === 'transport') transport = { bytesSent: r.bytesSent, bytesReceived: r.bytesReceived };
      }
      return {
        transport,
        connectionState: last.pc.connectionState,
        iceConnectionState: last.pc.iceConnectionState,
        channels: last.channels.map((c) => ({ readyState: c.readyState, bufferedAmount: c.bufferedAmount })),
      };
    },
  };
}

/**
 * `promise`, or an Error naming `step` with `describe()`'s report after `ms` (also printed, as
 * the test's own error may be replaced by a later one).
 */
export async function within<T>(step: string, promise: Promise<T>, ms: number, describe: () => Promise<unknown>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void describe()
        .catch((err: unknown) => ({ describeFailed: String(err) }))
        .then((state) => {
          const msg = `stalled: ${step} did not finish within ${ms} ms; state: ${JSON.stringify(state)}`;
          console.error(msg);
          reject(new Error(msg));
        });
    }, ms);
  });
  try {
    return await Promise.race([promise, stalled]);
  } finally {
    clearTimeout(timer);
  }
}

/** The transfer stopped with both ends connected and data queued (see {@link watchForStall}). */
export class TransferStalledError extends Error {
  readonly code = 'TRANSFER_STALLED';
}

/**
 * Rejects with {@link TransferStalledError} once no byte has moved on either end (`progress`
 * gives both ends' counters) for `stallMs` while `queued` says that bytes written on one end were
 * not read on the other and both ends are connected; `stop()` ends the watch. The SCTP stall this catches is described in
 * docs/webrtc.md (Node answering Chromium under load).
 */
export function watchForStall(
  progress: () => Promise<{ moved: string; queued: boolean; connected: boolean }>,
  stallMs: number,
): { stalled: Promise<never>; stop(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const stalled = new Promise<never>((_, reject) => {
    let last = '';
    let since = Date.now();
    const tick = async (): Promise<void> => {
      if (stopped) return;
      try {
        const p = await progress();
        if (p.moved !== last || !p.queued || !p.connected) {
          last = p.moved;
          since = Date.now();
        } else if (Date.now() - since >= stallMs) {
          reject(new TransferStalledError(`no byte moved for ${stallMs} ms with data queued and both ends connected: ${p.moved}`));
          return;
        }
      } catch {
        // a state that cannot be read now is read again at the next tick
      }
      if (!stopped) timer = setTimeout(() => void tick(), 1000);
    };
    timer = setTimeout(() => void tick(), 1000);
  });
  stalled.catch(() => undefined);
  return {
    stalled,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
