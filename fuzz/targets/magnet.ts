/** @module fuzz/targets/magnet — magnet links (BEP 9, BEP 52 btmh): parse or MagnetError. */
import { parseMagnet } from '../../packages/core/src/metainfo/magnet.js';
import { expectTyped, latin1, utf8, type FuzzTarget } from '../target.js';

const V1 = 'c12fe1c06bba254a9dc9f519b335aa7c1367a88a';
const V2 = '1220' + 'd'.repeat(64);

/** The magnet target (input bytes read as Latin-1 text, so every byte value reaches the parser). */
export const magnetTarget: FuzzTarget = {
  name: 'magnet',
  seeds() {
    return [
      `magnet:?xt=urn:btih:${V1}&dn=Hello%20World&tr=http%3A%2F%2F127.0.0.1%3A8000%2Fannounce`,
      `magnet:?xt=urn:btih:${V1}&xt=urn:btmh:${V2}&xl=12345&x.pe=127.0.0.1:6881&x.pe=[::1]:6881`,
      'magnet:?xt=urn:btih:YEX6DQDLXISUVHOJ6UM3GNNKPQJWPKEK&ws=http%3A%2F%2Fexample.org%2F',
      `magnet:?xt=urn:btmh:${V2}&tr=wss%3A%2F%2F127.0.0.1%2F&so=0-3,5`,
    ].map(utf8);
  },
  run(input, codes) {
    return expectTyped(() => void parseMagnet(latin1(input)), ['MagnetError'], codes);
  },
};
