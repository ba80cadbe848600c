/**
 * @module fuzz/targets/bencode — the strict bencode decoder. Property: every input decodes or
 * throws a BencodeError; whatever decodes re-encodes to exactly the same bytes (the decoder
 * only accepts canonical bencode, so decode ∘ encode is the identity on accepted inputs).
 */
import fc from 'fast-check';
import { decode } from '../../packages/core/src/bencode/decode.js';
import { encode } from '../../packages/core/src/bencode/encode.js';
import { check, expectTyped, utf8, type FuzzTarget } from '../target.js';

const bytesEqual = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Bencode values from fast-check (strings, integers, lists, sorted dicts). */
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.uint8Array({ maxLength: 24 }),
    fc.integer(),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie('v'), { maxKeys: 4 }).map((o) => new Map(Object.entries(o).map(([k, v]) => [k, v]))),
  ),
})).v;

/** The bencode target. */
export const bencodeTarget: FuzzTarget = {
  name: 'bencode',
  seeds() {
    const hand = ['i0e', 'i-1e', 'i9007199254740993e', '0:', '4:spam', 'le', 'de', 'l4:spami42ee', 'd3:bar4:spam3:fooi42ee', 'd1:ad1:bl1:ceee', 'l'.repeat(99) + 'e'.repeat(99)];
    const generated = fc.sample(value, { numRuns: 200, seed: 7 }).map((v) => encode(v as never));
    return [...hand.map(utf8), ...generated];
  },
  run(input, codes) {
    let out: unknown;
    const ok = expectTyped(() => {
      out = decode(input);
    }, ['BencodeError'], codes);
    if (ok) check(bytesEqual(encode(out as never), input), 'decode then encode gives back the input');
    return ok;
  },
};
