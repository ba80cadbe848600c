/** @module test/bdecode — a small strict bencode decoder for assertions (strings as Buffers). */

/** A decoded bencode value. */
export type BDecoded = number | Buffer | BDecoded[] | { [k: string]: BDecoded };

/** Decodes a whole buffer; dict keys are latin1 strings; throws on malformed input. */
export function bdecode(buf: Uint8Array): BDecoded {
  const b = Buffer.from(buf);
  let i = 0;
  const read = (): BDecoded => {
    const c = b[i];
    if (c === 0x69) {
      const end = b.indexOf(0x65, i);
      const n = Number(b.subarray(i + 1, end).toString());
      i = end + 1;
      return n;
    }
    if (c === 0x6c) {
      i++;
      const out: BDecoded[] = [];
      while (b[i] !== 0x65) out.push(read());
      i++;
      return out;
    }
    if (c === 0x64) {
      i++;
      const out: Record<string, BDecoded> = {};
      while (b[i] !== 0x65) {
        const k = read();
        if (!Buffer.isBuffer(k)) throw new Error('dict key must be a string');
        out[k.toString('latin1')] = read();
      }
      i++;
      return out;
    }
    const colon = b.indexOf(0x3a, i);
    if (colon < 0) throw new Error(`bad bencode at ${i}`);
    const len = Number(b.subarray(i, colon).toString());
    const s = b.subarray(colon + 1, colon + 1 + len);
    i = colon + 1 + len;
    return s;
  };
  const v = read();
  if (i !== b.length) throw new Error('trailing bytes');
  return v;
}

/** Percent-encodes every byte (as clients encode info_hash and peer_id). */
export function urlBytes(bytes: Uint8Array | string): string {
  const b = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
  return [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join('');
}
