/**
 * @module tunnel/tunnel-transport — relayed tunnels behind the generic {@link Transport}
 * interface: addresses are peer ids in one swarm on one relay.
 */
import { TransportError } from '../transport/errors.js';
import type { Connection, Listener, Transport } from '../transport/transport.js';
import { dialViaRelay } from './dial.js';
import { TunnelError } from './errors.js';
import { listenViaRelay } from './listen.js';
import type { RelayTunnelOptions } from './options.js';

/** Options of {@link createTunnelTransport}. */
export interface TunnelTransportOptions extends Omit<RelayTunnelOptions, 'signal'> {
  /** Our peer id: told to peers we dial, and reserved by `listen('')`. */
  localPeerId: string;
  /** Failures of inbound circuits (the listener stays). */
  onError?: (err: TunnelError) => void;
}

function toTransportError(err: unknown, dialing: boolean): TransportError {
  const code = err instanceof TunnelError ? err.code : undefined;
  if (code === 'ABORTED') return new TransportError('TRANSPORT_ABORTED', 'dial aborted', { cause: err });
  if (code === 'TIMEOUT') return new TransportError(dialing ? 'TRANSPORT_DIAL_TIMEOUT' : 'TRANSPORT_LISTEN_FAILED', 'relay timed out', { cause: err });
  const message = err instanceof Error ? err.message : String(err);
  return new TransportError(dialing ? 'TRANSPORT_DIAL_FAILED' : 'TRANSPORT_LISTEN_FAILED', message, { cause: err });
}

/**
 * A Transport of kind 'tunnel' through one relay for one swarm. `dial(peerId)` opens a circuit
 * to a reserved peer; `listen(peerId)` (or `listen('')` for `localPeerId`) holds a reservation
 * and its listener's address is that peer id. Errors are TransportErrors whose `cause` is the
 * {@link TunnelError} with the relay's status.
 */
export function createTunnelTransport(options: TunnelTransportOptions): Transport {
  return {
    kind: 'tunnel',
    async dial(address, dialOptions): Promise<Connection> {
      try {
        return await dialViaRelay({ ...options, remotePeerId: address, signal: dialOptions?.signal });
      } catch (err) {
        throw toTransportError(err, true);
      }
    },
    async listen(address, onConnection): Promise<Listener> {
      const peerId = address === '' ? options.localPeerId : address;
      let reservation;
      try {
        reservation = await listenViaRelay({ ...options, peerId, onConnection });
      } catch (err) {
        throw toTransportError(err, false);
      }
      return {
        address: peerId,
        port: 0,
        async close() {
          reservation.close();
          await reservation.closed;
        },
      };
    },
  };
}
