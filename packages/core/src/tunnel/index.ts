/**
 * @module tunnel — relayed, metered, end-to-end encrypted byte tunnels (client side).
 *
 * @example
 * ```ts
 * import { WebSocket } from 'ws'; // browsers: globalThis.WebSocket
 * const reservation = await listenViaRelay({ relay: 'http://127.0.0.1:8000', WebSocket, infoHash, peerId: 'seeder',
 *   onConnection: (conn) => serve(conn) });
 * const conn = await dialViaRelay({ relay: 'http://127.0.0.1:8000', WebSocket, infoHash, localPeerId: 'leecher', remotePeerId: 'seeder' });
 * await conn.write(bytes);
 * for await (const chunk of conn.readable) handle(chunk);
 * ```
 */
export { TunnelError, type TunnelErrorCode } from './errors.js';
export {
  TUNNEL_PROTOCOL_VERSION,
  TUNNEL_CLOSE_CODES,
  TunnelStatus,
  isTunnelInfoHash,
  isTunnelPeerId,
  type TunnelStatusName,
  type CircuitLimits,
  type ClientControlMessage,
  type RelayControlMessage,
} from './control.js';
export { dialViaRelay, type DialViaRelayOptions } from './dial.js';
export { listenViaRelay, DEFAULT_MAX_PENDING_ACCEPTS, type ListenViaRelayOptions, type RelayReservation } from './listen.js';
export { tunnelUrl, withToken as withTunnelToken, DEFAULT_TUNNEL_TIMEOUT_MS, DEFAULT_TUNNEL_MESSAGE_BYTES, type RelayTunnelOptions } from './options.js';
export { webCryptoCipher as webCryptoTunnelCipher, type RecordCipher as TunnelRecordCipher, type RecordCipherFactory as TunnelRecordCipherFactory } from './record-cipher.js';
export { SecureConnection, DEFAULT_WINDOW_BYTES as DEFAULT_TUNNEL_WINDOW_BYTES, type SecureConnectionOptions } from './secure-connection.js';
export type { WebSocketConstructor as TunnelWebSocketConstructor, WebSocketLike as TunnelWebSocket } from './websocket.js';
export { MAX_RECORD_PLAINTEXT as TUNNEL_MAX_RECORD_PLAINTEXT } from './record.js';
export type { TunnelWire, TunnelWireFactory, TunnelWireHandlers, TunnelWireOptions } from './wire.js';
export { createTunnelTransport, type TunnelTransportOptions } from './tunnel-transport.js';
