/** @module tunnel/secure-channel — runs the HELLO exchange on an open circuit and returns the encrypted connection. */
import { TunnelError } from './errors.js';
import { statusFromCloseCode } from './control.js';
import { answerKeyOffer, completeKeyOffer, createKeyOffer, type HandshakeContext } from './handshake.js';
import { RecordType, helloRecord, parseRecords } from './record.js';
import { SecureConnection, type SecureConnectionOptions } from './secure-connection.js';
import type { SocketPort } from './websocket.js';

/** Options of the end-to-end handshake. */
export interface SecureChannelOptions extends SecureConnectionOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  remoteAddress: string;
}

async function readHello(port: SocketPort, options: SecureChannelOptions): Promise<Uint8Array> {
  const ev = await port.next(options.timeoutMs, options.signal);
  if (ev.kind === 'close') {
    const status = statusFromCloseCode(ev.code);
    throw new TunnelError(status ?? 'CONNECTION_FAILED', `circuit closed during the handshake (${ev.code} ${ev.reason})`);
  }
  if (ev.kind !== 'binary') throw new TunnelError('HANDSHAKE_FAILED', 'expected a HELLO record');
  let records;
  try {
    records = parseRecords(ev.data);
  } catch (cause) {
    throw new TunnelError('HANDSHAKE_FAILED', 'malformed HELLO', { cause });
  }
  const r = records[0];
  if (records.length !== 1 || !r || r.type !== RecordType.HELLO) throw new TunnelError('HANDSHAKE_FAILED', 'expected one HELLO record');
  return r.body.slice();
}

async function guarded<T>(port: SocketPort, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (port.ws.readyState < 2) port.ws.close(3000, 'handshake failed');
    throw err;
  }
}

/** Dialer side: offers keys, waits for the listener's answer, returns the encrypted connection. */
export function secureDialer(port: SocketPort, ctx: HandshakeContext, options: SecureChannelOptions): Promise<SecureConnection> {
  return guarded(port, async () => {
    const offer = await createKeyOffer();
    port.ws.send(helloRecord(offer.hello));
    const answer = await readHello(port, options);
    const keys = await completeKeyOffer(offer, answer, ctx);
    return new SecureConnection(port, keys, options.remoteAddress, options);
  });
}

/** Listener side: waits for the dialer's offer, answers it, returns the encrypted connection. */
export function secureListener(port: SocketPort, ctx: HandshakeContext, options: SecureChannelOptions): Promise<SecureConnection> {
  return guarded(port, async () => {
    const offer = await readHello(port, options);
    const { hello, keys } = await answerKeyOffer(offer, ctx);
    port.ws.send(helloRecord(hello));
    return new SecureConnection(port, keys, options.remoteAddress, options);
  });
}
