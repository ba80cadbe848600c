/** @module webrtc/wait-for-open — waits for a data channel to open, or fails with a typed error. */
import { WebRtcError } from './errors.js';
import type { RtcDataChannelLike, RtcPeerConnectionLike } from './rtc-types.js';

/** What {@link waitForOpenChannel} watches. */
export interface WaitForOpenOptions {
  pc: RtcPeerConnectionLike;
  /** The offerer's channel; absent on the answerer, which waits for `datachannel`. */
  channel?: RtcDataChannelLike | undefined;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/**
 * Resolves with the open channel. Rejects with `WEBRTC_ICE_FAILED` when the peer connection
 * fails, `WEBRTC_CHANNEL_CLOSED` when it or the channel closes first, `WEBRTC_TIMEOUT` after
 * `timeoutMs`, `WEBRTC_ABORTED` when `signal` fires. Never closes `pc` itself.
 */
export function waitForOpenChannel(options: WaitForOpenOptions): Promise<RtcDataChannelLike> {
  const { pc, signal } = options;
  return new Promise<RtcDataChannelLike>((resolve, reject) => {
    let channel = options.channel;
    let done = false;
    const finish = (err: Error | undefined): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      pc.removeEventListener('datachannel', onDataChannel);
      pc.removeEventListener('connectionstatechange', onState);
      pc.removeEventListener('iceconnectionstatechange', onState);
      channel?.removeEventListener('open', onOpen);
      channel?.removeEventListener('close', onClose);
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(channel as RtcDataChannelLike);
    };
    const onOpen = (): void => finish(undefined);
    const onClose = (): void =>
      finish(new WebRtcError('WEBRTC_CHANNEL_CLOSED', 'the data channel closed before it opened'));
    const watch = (ch: RtcDataChannelLike): void => {
      ch.binaryType = 'arraybuffer';
      ch.addEventListener('open', onOpen);
      ch.addEventListener('close', onClose);
      if (ch.readyState === 'open') onOpen();
      else if (ch.readyState === 'closed' || ch.readyState === 'closing') onClose();
    };
    const onDataChannel = (event: { channel: RtcDataChannelLike }): void => {
      if (channel) return; // only the first channel carries the wire protocol
      channel = event.channel; // kept referenced: some Node libraries collect unreferenced channels
      watch(channel);
    };
    const onState = (): void => {
      if (pc.connectionState === 'failed' || pc.iceConnectionState === 'failed') {
        finish(new WebRtcError('WEBRTC_ICE_FAILED', 'ICE/DTLS connection failed'));
      } else if (pc.connectionState === 'closed' || pc.iceConnectionState === 'closed') {
        finish(new WebRtcError('WEBRTC_CHANNEL_CLOSED', 'the peer connection closed before the channel opened'));
      }
    };
    const onAbort = (): void =>
      finish(new WebRtcError('WEBRTC_ABORTED', 'WebRTC connect aborted', { cause: signal?.reason }));
    const timer = setTimeout(
      () => finish(new WebRtcError('WEBRTC_TIMEOUT', `the data channel did not open within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );

    pc.addEventListener('connectionstatechange', onState);
    pc.addEventListener('iceconnectionstatechange', onState);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (channel) watch(channel);
    else pc.addEventListener('datachannel', onDataChannel);
    if (signal?.aborted) onAbort();
    else onState();
  });
}
