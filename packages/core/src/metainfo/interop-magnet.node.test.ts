/** Magnet links against python3-libtorrent 2.0.8: it reads ours, we read its own. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHasher } from '@seedling/hasher-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { buildMagnet, magnetFromMetainfo, parseMagnet } from './magnet.js';
import { parseTorrent } from './parse-torrent.js';
import { killAll, run } from './test-fixtures.node.js';

const PY = '/usr/bin/python3';
const testdata = (name: string): string => join(import.meta.dirname, 'testdata', name);

interface LtMagnet {
  v1: string | null;
  v2: string | null;
  name: string;
  trackers: string[];
  peers: [string, number][];
}

afterAll(() => killAll());

describe('magnet interop with libtorrent', () => {
  it.each(['known-hybrid.torrent', 'known-v1.torrent'])('libtorrent parses our magnet of %s', async (fixture) => {
    const meta = parseTorrent(readFileSync(testdata(fixture)), await createHasher());
    const uri = magnetFromMetainfo(meta, { peers: [{ host: '127.0.0.1', port: 6881 }, { host: '::1', port: 6882 }] });
    const lt = JSON.parse(await run(PY, [testdata('lt_magnet.py'), 'parse', uri])) as LtMagnet;
    expect(lt.v1).toBe(meta.infoHashV1Hex);
    expect(lt.v2).toBe(meta.infoHashV2Hex);
    expect(lt.name).toBe(meta.name);
    expect(lt.trackers).toEqual(meta.announce);
    expect(lt.peers).toEqual([['127.0.0.1', 6881], ['::1', 6882]]);
  });

  it('libtorrent parses a v2-only magnet with an awkward name', async () => {
    const v2 = new Uint8Array(32).map((_, i) => i * 7);
    const uri = buildMagnet({ infoHashV2: v2, name: 'a&b=c #1 ü', trackers: ['http://t.example/a?x=1&y=2'] });
    const lt = JSON.parse(await run(PY, [testdata('lt_magnet.py'), 'parse', uri])) as LtMagnet;
    expect(lt.v2).toBe(parseMagnet(uri).infoHashV2Hex);
    expect(lt.v1).toBeNull();
    expect(lt.name).toBe('a&b=c #1 ü');
    expect(lt.trackers).toEqual(['http://t.example/a?x=1&y=2']);
  });

  it("we parse libtorrent's magnet of a hybrid torrent", async () => {
    const { uri } = JSON.parse(await run(PY, [testdata('lt_magnet.py'), 'make', testdata('known-hybrid.torrent')])) as { uri: string };
    const m = parseMagnet(uri);
    expect(m.infoHashV1Hex).toBe('d5ddeb8f8c5446f586b2f184360eee7f4273fe9b');
    expect(m.infoHashV2Hex).toBe('2507651fa91f500dd993b8536047d56274004f6c8329807b1f0bc7a6fa02d6f4');
    expect(m.name).toBe('known');
  });
});
