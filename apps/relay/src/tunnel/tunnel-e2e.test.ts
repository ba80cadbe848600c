/** @module tunnel/tunnel-e2e.test — two peers through a real tunnel server on 127.0.0.1: integrity, secrecy, tamper detection. */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { dialViaRelay, listenViaRelay, type SecureConnection } from '../../../../packages/core/src/tunnel/index.js';
import { nodeTunnelCipher } from '../../../../packages/core/src/adapters/node/tunnel-cipher.js';
import { nodeTunnelWire } from '../../../../packages/core/src/adapters/node/tunnel-wire.js';
import type { TunnelWireFactory } from '../../../../packages/core/src/tunnel/wire.js';
import { INFO_HASH, NodeWebSocket, hashAll, payload, sendAll, startTestRelay, within, type TestRelay } from './test-support.js';
import type { TunnelServerOptions } from './tunnel-server.js';

const unlimited = { circuitRateBytesPerSec: 0, globalRateBytesPerSec: 0, maxCircuitBytes: 0 };
let relay: TestRelay | undefined;
afterEach(async () => {
  await relay?.stop();
  relay = undefined;
});

/** Which peers use Node's wire (tunnel/wire.ts); counts wires installed, those that read, and those the relay lets send unmasked frames. */
type Wires = { listener: boolean; dialer: boolean; installed: number; reading: number; unmasked?: number };

function countingWire(w: Wires): TunnelWireFactory {
  return (ws, handlers, max, options) => {
    const wire = nodeTunnelWire(ws, handlers, max, options);
    if (wire) w.installed++;
    if (wire?.reads) w.reading++;
    if (wire && options?.unmasked) w.unmasked = (w.unmasked ?? 0) + 1;
    return wire;
  };
}

async function pair(options: TunnelServerOptions, wires?: Wires): Promise<{ dialer: SecureConnection; listener: SecureConnection; close(): void }> {
  relay = await startTestRelay(options);
  let inbound!: (c: SecureConnection) => void;
  const accepted = new Promise<SecureConnection>((resolve) => (inbound = resolve));
  const wire = wires ? countingWire(wires) : undefined;
  // Mixed ciphers: the listener seals and opens with node:crypto, the dialer with WebCrypto.
  const reservation = await listenViaRelay({
    relay: relay.url, WebSocket: NodeWebSocket, infoHash: INFO_HASH, peerId: 'seeder', onConnection: inbound, cipher: nodeTunnelCipher,
    ...(wire && wires?.listener ? { wire } : {}),
  });
  const dialer = await dialViaRelay({
    relay: relay.url, WebSocket: NodeWebSocket, infoHash: INFO_HASH, localPeerId: 'leecher', remotePeerId: 'seeder',
    ...(wire && wires?.dialer ? { wire, cipher: nodeTunnelCipher } : {}),
  });
  const listener = await within(accepted, 10_000, 'inbound connection');
  return { dialer, listener, close: () => reservation.close() };
}

describe('tunnel end to end', () => {
  const modes: Array<[string, Omit<Wires, 'installed' | 'reading'> | undefined]> = [
    ['through ws on both peers', undefined],
    ["with Node's wire on both peers", { listener: true, dialer: true }],
    ["with Node's wire on the listener only (the dialer on ws and WebCrypto)", { listener: true, dialer: false }],
  ];
  it.each(modes)('carries 64 MiB each way byte-identical, and the relay never sees the plaintext (%s)', async (_name, mode) => {
    const marker = randomBytes(32);
    let forwarded = 0;
    let leaks = 0;
    const wires = mode ? { ...mode, installed: 0, reading: 0 } : undefined;
    const { dialer, listener, close } = await pair(
      {
        limits: unlimited,
        onForward: (chunk) => {
          forwarded += chunk.length;
          if (Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).indexOf(marker) >= 0) leaks++;
        },
      },
      wires,
    );
    const expected = mode ? Number(mode.listener) + Number(mode.dialer) : 0;
    expect(wires?.installed ?? 0).toBe(expected);
    expect(wires?.unmasked ?? 0).toBe(expected); // every wire was told by the relay to send unmasked frames
    expect(wires?.reading ?? 0).toBeGreaterThanOrEqual(mode?.listener ? 1 : 0); // the listener's receiver is idle when it answers
    expect(dialer.fingerprint).toBe(listener.fingerprint);
    const total = 64 * 1024 * 1024;
    const [sentA, sentB, gotAtListener, gotAtDialer] = await within(
      Promise.all([
        sendAll((b) => dialer.write(b), payload(total, 1024 * 1024, marker)),
        sendAll((b) => listener.write(b), payload(total, 256 * 1024, marker)),
        hashAll(listener.readable, total),
        hashAll(dialer.readable, total),
      ]),
      120_000,
      '64 MiB exchange',
    );
    dialer.close();
    listener.close();
    await within(Promise.all([dialer.closed, listener.closed]), 10_000, 'close');
    close();
    expect(gotAtListener.bytes).toBe(total);
    expect(gotAtDialer.bytes).toBe(total);
    expect(gotAtListener.sha256).toBe(sentA);
    expect(gotAtDialer.sha256).toBe(sentB);
    expect(forwarded).toBeGreaterThan(2 * total);
    expect(leaks).toBe(0);
  });

  it.each([false, true])('ends the reader normally after the peer closes (authenticated FIN; wire: %s)', async (withWire) => {
    const wires = withWire ? { listener: true, dialer: true, installed: 0, reading: 0 } : undefined;
    const { dialer, listener, close } = await pair({}, wires);
    expect(wires?.installed ?? 2).toBe(2);
    const sent = sendAll((b) => dialer.write(b), payload(3 * 1024 * 1024 + 7, 100_000, randomBytes(32))).then((h) => {
      dialer.close();
      return h;
    });
    const got = await within(hashAll(listener.readable), 20_000, 'read to end');
    expect(got.bytes).toBe(3 * 1024 * 1024 + 7);
    expect(got.sha256).toBe(await sent);
    await within(listener.closed, 10_000, 'listener closed');
    await expect(listener.write(new Uint8Array(1))).rejects.toMatchObject({ name: 'TunnelError', code: 'CLOSED' });
    close();
  });

  it.each([false, true])('detects a flipped ciphertext byte: DECRYPT_FAILED, and both ends are closed (wire: %s)', async (withWire) => {
    let seen = 0;
    const { dialer, listener, close } = await pair({
      onForward: (chunk, info) => {
        // records are coalesced into few messages (HELLO and WINDOW ones are small): flip a byte
        // in the tag of the last record of the first message that carries DATA
        if (info.direction === 'dialer->listener' && chunk.length > 4096 && ++seen === 1) chunk[chunk.length - 8] = (chunk[chunk.length - 8] ?? 0) ^ 0x40;
      },
    }, withWire ? { listener: true, dialer: true, installed: 0, reading: 0 } : undefined);
    const writes = (async () => {
      for (let i = 0; i < 16; i++) await dialer.write(new Uint8Array(32 * 1024).fill(i));
    })();
    const read = hashAll(listener.readable).then(
      () => undefined,
      (err: unknown) => err,
    );
    const err = await within(read, 10_000, 'tamper detection');
    expect(err).toMatchObject({ name: 'TunnelError', code: 'DECRYPT_FAILED' });
    await within(listener.closed, 10_000, 'listener closed');
    await within(dialer.closed, 10_000, 'dialer closed');
    await within(writes, 10_000, 'writer'); // all fit in the window before the failure
    await expect(dialer.write(new Uint8Array(1))).rejects.toMatchObject({ name: 'TunnelError' });
    await expect(listener.write(new Uint8Array(1))).rejects.toMatchObject({ name: 'TunnelError', code: 'DECRYPT_FAILED' });
    close();
  });
});
