/**
 * @module fuzz/targets/tunnel — tunnel framing on both ends: the core's record splitter
 * (parseRecords), key-offer hellos (decodeHello) and relay control replies (parseRelayMessage),
 * and the relay's client control parser (parseClientRequest, which returns undefined for
 * anything malformed). Core parsers throw only TunnelError.
 */
import { parseClientRequest } from '../../apps/relay/src/tunnel/control.js';
import { decodeHello } from '../../packages/core/src/tunnel/handshake.js';
import { parseRecords, RecordType, writeRecordHeader } from '../../packages/core/src/tunnel/record.js';
import { parseRelayMessage } from '../../packages/core/src/tunnel/control.js';
import { check, expectTyped, latin1, utf8, type FuzzTarget } from '../target.js';

function record(type: number, len: number): Uint8Array {
  const out = new Uint8Array(4 + len);
  writeRecordHeader(out, 0, type as never, len);
  return out;
}

/** The tunnel target: each input goes through all four parsers. */
export const tunnelTarget: FuzzTarget = {
  name: 'tunnel',
  seeds() {
    const hello = Uint8Array.of(1, 2, 1, 32, ...new Uint8Array(32).fill(9), 2, 65, ...new Uint8Array(65).fill(4));
    const hash = 'ab'.repeat(20);
    return [
      record(RecordType.HELLO, hello.length).map((b, i) => (i < 4 ? b : hello[i - 4]!)),
      hello,
      new Uint8Array([...record(RecordType.DATA, 40), ...record(RecordType.WINDOW, 20), ...record(RecordType.FIN, 16)]),
      utf8(JSON.stringify({ v: 1, type: 'STATUS', status: 'OK', reservation: { ttlMs: 60000 } })),
      utf8(JSON.stringify({ v: 1, type: 'INCOMING', circuitId: 'f'.repeat(32), from: 'peer-1' })),
      utf8(JSON.stringify({ v: 1, type: 'RESERVE', infoHash: hash, peerId: 'peer-1', token: 't' })),
      utf8(JSON.stringify({ v: 1, type: 'CONNECT', infoHash: hash, peerId: 'peer-2', from: 'peer-1' })),
      utf8(JSON.stringify({ v: 1, type: 'ACCEPT', circuitId: '0'.repeat(32) })),
    ];
  },
  run(input, codes) {
    const r = expectTyped(() => void parseRecords(input), ['TunnelError'], codes);
    const h = expectTyped(() => void decodeHello(input), ['TunnelError'], codes);
    const text = latin1(input);
    const c = expectTyped(() => void parseRelayMessage(text), ['TunnelError'], codes);
    const req = parseClientRequest(Buffer.from(input), false);
    check(req === undefined || ['RESERVE', 'CONNECT', 'ACCEPT'].includes(req.type), 'relay parseClientRequest returns a request or undefined');
    if (req) codes.set(`relay:${req.type}`, (codes.get(`relay:${req.type}`) ?? 0) + 1);
    return r || h || c || req !== undefined;
  },
};
