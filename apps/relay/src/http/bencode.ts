/**
 * @module http/bencode — the bencode encoder (BEP 3) for tracker responses. The relay only
 * writes bencode, so it carries this 50-line encoder instead of depending on core's codec.
 * Strings are binary strings (one char per byte, as the swarm registry stores ids).
 */

/** A value the encoder accepts. */
export type BValue = number | string | Uint8Array | BValue[] | { [key: string]: BValue | undefined };

/** Encodes a value; dictionary keys are sorted as raw bytes, as BEP 3 requires. */
export function bencode(value: BValue): Uint8Array<ArrayBuffer> {
  const parts: (string | Uint8Array)[] = [];
  write(value, parts);
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let off = 0;
  for (const p of parts) {
    if (typeof p === 'string') for (let i = 0; i < p.length; i++) out[off++] = p.charCodeAt(i) & 0xff;
    else {
      out.set(p, off);
      off += p.length;
    }
  }
  return out;
}

function write(v: BValue, parts: (string | Uint8Array)[]): void {
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new RangeError(`bencode: not an integer: ${v}`);
    parts.push(`i${v}e`);
  } else if (typeof v === 'string') {
    parts.push(`${v.length}:`, v);
  } else if (v instanceof Uint8Array) {
    parts.push(`${v.length}:`, v);
  } else if (Array.isArray(v)) {
    parts.push('l');
    for (const x of v) write(x, parts);
    parts.push('e');
  } else {
    parts.push('d');
    for (const k of Object.keys(v).sort()) {
      const x = v[k];
      if (x === undefined) continue;
      parts.push(`${k.length}:`, k);
      write(x, parts);
    }
    parts.push('e');
  }
}
