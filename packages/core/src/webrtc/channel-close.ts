/**
 * @module webrtc/channel-close — the clean end of a data channel connection: let what was sent
 * leave the channel's queue, linger so it leaves the SCTP stack too, close the channel, and give
 * the remote a moment to tear its side down first.
 */
import type { RtcDataChannelLike, RtcPeerConnectionLike } from './rtc-types.js';

const GONE = new Set(['closed', 'failed', 'disconnected']);

/** The connection being closed, as {@link closeCleanly} sees it. */
export interface ClosingChannel {
  readonly channel: RtcDataChannelLike;
  readonly peerConnection: RtcPeerConnectionLike | undefined;
  readonly pollMs: number;
  readonly lingerMs: number;
  /** True once the connection tore down (remote close, failure): the sequence stops there. */
  tornDown(): boolean;
  /** Called just before the channel is closed here (its `close` event is then ours). */
  closingLocally(): void;
}

/**
 * Runs the close sequence until `deadline` (ms since the epoch); the caller tears the connection
 * down afterwards, whether or not the remote was seen going.
 */
export async function closeCleanly(c: ClosingChannel, deadline: number): Promise<void> {
  while (!c.tornDown() && c.channel.bufferedAmount > 0 && Date.now() < deadline) await sleep(c.pollMs);
  if (c.tornDown()) return;
  // `bufferedAmount` 0 only means the bytes left the channel's queue, not that the remote
  // has them: node-datachannel loses what is still in its SCTP stack when the channel (or
  // the peer connection) closes then (measured: up to ~1 MiB lost on loopback). Linger, then
  // close the channel, and give the remote a moment to tear its side down first.
  await sleep(Math.min(c.lingerMs, Math.max(0, deadline - Date.now())));
  if (c.tornDown()) return;
  c.closingLocally();
  c.channel.close();
  const until = Math.min(deadline, Date.now() + 1000);
  while (!c.tornDown() && !remoteGone(c) && Date.now() < until) await sleep(c.pollMs);
}

function remoteGone(c: ClosingChannel): boolean {
  const pc = c.peerConnection;
  if (!pc) return c.channel.readyState === 'closed';
  return GONE.has(pc.connectionState ?? '') || GONE.has(pc.iceConnectionState);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
