/** @module wire/libtorrent-interop.node.test — tests. */
/**
 * Interop with a real client: libtorrent 2.x (python3-libtorrent, installed by the setup
 * script) seeds a hybrid torrent; our codec, FrameDecoder and PeerSession talk to it over TCP:
 * BEP 3 handshake (v2 upgrade: libtorrent answers with the truncated v2 info-hash), BEP 10/9
 * extension handshake and ut_metadata, BEP 6 have-all/allowed-fast, blocks, BEP 52 hashes.
 * Skipped when python3-libtorrent is missing.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeMessageParts } from './encode.js';
import { FrameDecoder } from './frame-decoder.js';
import { PeerSession } from './peer-session.js';
import type { SessionEvent } from './session-types.js';
import { encodeUtMetadata, UT_METADATA } from './ut-metadata.js';

const PYTHON = '/usr/bin/python3';
const hasLibtorrent = spawnSync(PYTHON, ['-c', 'import libtorrent'], { stdio: 'ignore' }).status === 0;

const SEEDER = `
import libtorrent as lt, sys, time
d = sys.argv[1]
fs = lt.file_storage(); lt.add_files(fs, d + '/data.bin')
t = lt.create_torrent(fs, 32768); lt.set_piece_hashes(t, d)
open(d + '/t.torrent', 'wb').write(lt.bencode(t.generate()))
ti = lt.torrent_info(d + '/t.torrent')
s = lt.session({'listen_interfaces': '127.0.0.1:0', 'enable_dht': False, 'enable_lsd': False,
                'enable_upnp': False, 'enable_natpmp': False})
h = s.add_torrent({'ti': ti, 'save_path': d})
while not h.status().is_seeding: time.sleep(0.05)
ih = ti.info_hashes()
print(s.listen_port(), ih.v1.to_bytes().hex(), ih.v2.to_bytes().hex(), ti.files().root(0).to_bytes().hex(), flush=True)
time.sleep(60)
`;

const LENGTH = 300_000;
const geometry = { pieceCount: Math.ceil(LENGTH / 32768), pieceLength: 32768, totalLength: LENGTH };
let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill();
});

describe.skipIf(!hasLibtorrent)('interop with libtorrent', () => {
  it('downloads blocks, metadata and v2 hashes through the wire layers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seedling-wire-'));
    const data = randomBytes(LENGTH);
    writeFileSync(join(dir, 'data.bin'), data);
    child = spawn(PYTHON, ['-c', SEEDER, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child!.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      child!.once('exit', (code) => reject(new Error(`seeder exited with ${code}`)));
    });
    const [port, v1, v2, root] = line.trim().split(' ') as [string, string, string, string];

    const v1Hash = new Uint8Array(Buffer.from(v1, 'hex'));
    const decoder = new FrameDecoder({ infoHashes: [v1Hash, new Uint8Array(Buffer.from(v2, 'hex')).subarray(0, 20)], geometry });
    const session = new PeerSession({ geometry, local: { fast: true, extended: true, v2: true } });
    session.sendHandshake(v1Hash, new TextEncoder().encode('-SD0001-wiretest0000'));
    const sock = net.connect(Number(port), '127.0.0.1');
    const events: SessionEvent[] = [];
    const flush = (): void => {
      for (const m of session.flush(Date.now())) for (const p of encodeMessageParts(m)) sock.write(p);
    };
    flush();
    await new Promise<void>((resolve, reject) => {
      let blocks = 0;
      sock.on('error', reject);
      sock.on('data', (chunk: Buffer) => {
        try {
          for (const msg of decoder.push(new Uint8Array(chunk))) {
            for (const ev of session.receive(msg, Date.now())) {
              events.push(ev);
              if (ev.type === 'handshake') {
                session.sendExtensionHandshake({ v: 'Seedling-test' });
                session.interested();
              }
              if (ev.type === 'extension-handshake') session.sendExtended(UT_METADATA, encodeUtMetadata({ msgType: 'request', piece: 0 }));
              if (ev.type === 'choke-changed' && !ev.peerChoking) {
                session.request({ index: 0, begin: 0, length: 16384 }, Date.now());
                session.request({ index: 9, begin: 0, length: LENGTH - 9 * 32768 }, Date.now());
              }
              if (ev.type === 'block') {
                const at = ev.index * 32768 + ev.begin;
                expect(Buffer.from(ev.block).equals(data.subarray(at, at + ev.block.length))).toBe(true);
                if (++blocks === 2) {
                  // BEP 52: the piece layer (base layer 1 = 32 KiB pieces) of the file, 16 hashes (10 padded).
                  sock.write(encodeMessageParts({ type: 'hash-request', piecesRoot: Buffer.from(root, 'hex'), baseLayer: 1, index: 0, length: 16, proofLayers: 0 })[0]!);
                }
              }
              if (ev.type === 'hash-message') resolve();
            }
          }
          flush();
        } catch (err) {
          reject(err);
        }
      });
      setTimeout(() => reject(new Error('timeout')), 20_000);
    });
    sock.destroy();
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('handshake');
    expect(types).toContain('extension-handshake');
    expect(events.find((e) => e.type === 'bitfield')).toMatchObject({ all: true });
    expect(events.filter((e) => e.type === 'block').length).toBe(2);
    const meta = events.find((e) => e.type === 'metadata');
    expect(meta?.type === 'metadata' && meta.message.msgType).toBe('data');
    const hashes = events.find((e) => e.type === 'hash-message');
    expect(hashes?.type === 'hash-message' && hashes.message.type === 'hashes' && hashes.message.hashes.length).toBe(16 * 32);
  }, 40_000);
});
