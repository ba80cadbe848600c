/**
 * @module fuzz/targets/metainfo — .torrent parsing (parseTorrent) and BEP 9 info dicts
 * (parseInfoDict). Every input parses or throws a MetainfoError; nothing a torrent says may
 * produce an unsafe file path (checked on every accepted torrent).
 */
import { readFileSync } from 'node:fs';
import { decodeWithSpans } from '../../packages/core/src/bencode/decode.js';
import { encode } from '../../packages/core/src/bencode/encode.js';
import { parseInfoDict } from '../../packages/core/src/metainfo/parse-info.js';
import { parseTorrent } from '../../packages/core/src/metainfo/parse-torrent.js';
import { referenceHasher } from '../../packages/core/src/metainfo/test-hasher.node.js';
import type { Metainfo } from '../../packages/core/src/metainfo/types.js';
import { check, expectTyped, utf8, type FuzzTarget } from '../target.js';

const TESTDATA = new URL('../../packages/core/src/metainfo/testdata/', import.meta.url);

function torrentSeeds(): Uint8Array[] {
  const files = ['known-v1.torrent', 'known-hybrid.torrent'].map((f) => new Uint8Array(readFileSync(new URL(f, TESTDATA))));
  const pieces = new Uint8Array(40).fill(7);
  const info = (extra: Record<string, unknown>): Uint8Array =>
    encode(new Map(Object.entries({ name: utf8('n'), 'piece length': 16384, pieces, ...extra })) as never);
  const wrap = (i: Uint8Array): Uint8Array => {
    const head = utf8('d8:announce20:http://127.0.0.1/ann4:info');
    const out = new Uint8Array(head.length + i.length + 1);
    out.set(head);
    out.set(i, head.length);
    out[out.length - 1] = 0x65;
    return out;
  };
  const file = (path: string[], length: number): Map<string, unknown> => new Map<string, unknown>([['length', length], ['path', path.map(utf8)]]);
  const multi = [
    info({ length: 20000 }),
    info({ files: [file(['a'], 10000), file(['b', 'c'], 10000)] }),
    info({ files: [file(['..', 'x'], 20000)] }),
    info({ files: [file(['a\u0000b'], 20000)] }),
    info({ files: [file(['a'], 10000), file(['a'], 10000)] }),
    info({ name: utf8('/abs'), length: 20000 }),
  ];
  return [...files, ...multi.map(wrap)];
}

function assertSafe(meta: Metainfo): void {
  for (const f of meta.files) {
    for (const part of f.path) {
      check(part !== '' && part !== '.' && part !== '..' && !/[\u0000-\u001f/\\]/.test(part), `unsafe path component accepted: ${JSON.stringify(f.path)}`);
    }
  }
}

/** The .torrent target. */
export const torrentTarget: FuzzTarget = {
  name: 'torrent',
  seeds: torrentSeeds,
  run(input, codes) {
    let meta: Metainfo | undefined;
    const ok = expectTyped(() => {
      meta = parseTorrent(input, referenceHasher);
    }, ['MetainfoError'], codes);
    if (meta) assertSafe(meta);
    return ok;
  },
};

/** The BEP 9 info-dict target (bytes as received over ut_metadata). */
export const infoDictTarget: FuzzTarget = {
  name: 'info-dict',
  seeds() {
    return torrentSeeds().map((t) => {
      const span = decodeWithSpans(t, { outerKeyOrder: 'lenient' }).spans.get('info')!;
      return t.slice(span.start, span.end);
    });
  },
  run(input, codes) {
    let meta: Metainfo | undefined;
    const ok = expectTyped(() => {
      meta = parseInfoDict(input, referenceHasher);
    }, ['MetainfoError'], codes);
    if (meta) assertSafe(meta);
    return ok;
  },
};
