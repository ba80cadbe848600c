/** @module lib/relay-peers-for — starts {@link attachRelayPeers} for a command when its transports ask for it. */
import type { Swarm } from '@seedling/core';
import { emitJson, type Io } from './output.js';
import type { RelayPeers } from './relay-peers.js';
import type { Session } from './session.js';

/** WebRTC and tunnel peers for `swarm` through `relay`, or null when neither is used. */
export async function relayPeersFor(swarm: Swarm, session: Session, relay: string | undefined, opts: { bind?: string; json?: boolean }, io: Io): Promise<RelayPeers | null> {
  const { webrtc, tunnel } = session.transports;
  if (!relay || (!webrtc && !tunnel)) return null;
  // Loaded only here: `ws` and the relay clients cost start-up time a TCP-only run never needs.
  const { attachRelayPeers } = await import('./relay-peers.js');
  const bindAddress = opts.bind && opts.bind !== '0.0.0.0' && opts.bind !== '::' ? opts.bind : undefined;
  return attachRelayPeers({
    relay,
    swarm,
    host: session.host,
    webrtc,
    tunnel,
    tcp: session.transports.tcp,
    port: session.port,
    ...(bindAddress ? { bindAddress } : {}),
    onWarning: (message) => {
      if (opts.json) emitJson(io, 'warning', { message });
    },
  });
}
