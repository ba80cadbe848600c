/**
 * @module assembly/xor-mask — WebSocket payload masking (RFC 6455 §5.3: byte i ^= key[i mod 4])
 * over a fixed 64 KiB window, built as its own tiny module (asc --enable simd) so it can be
 * compiled synchronously (browsers refuse sync compiles over 4 KiB on the main thread).
 * The wrapper (src/xor-mask.ts) copies a slice in, calls {@link maskWindow}, copies it back:
 * a memcpy each way is cheaper than XOR in JavaScript (measured, see src/xor-mask.ts).
 */

/** Bytes of the window; a multiple of 4, so windows of one payload share a key rotation. */
const WINDOW_SIZE: usize = 64 << 10;
const WINDOW: usize = (__heap_base + 63) & ~63;

/** Grows memory so the window exists; returns its address. */
export function maskSetup(): usize {
  const need = <i32>((WINDOW + WINDOW_SIZE + 0xffff) >>> 16);
  const have = memory.size();
  if (need > have) memory.grow(need - have);
  return WINDOW;
}

/** Bytes of the window. */
export function maskWindowSize(): usize { return WINDOW_SIZE; }

/**
 * XORs `len` (≤ WINDOW_SIZE) bytes at the window with `key`, read little-endian: window byte i
 * gets byte (i mod 4) of `key`, i.e. the wrapper passes the key already rotated to its offset.
 */
export function maskWindow(len: usize, key: u32): void {
  const k = i32x4.splat(key);
  const p = WINDOW;
  let i: usize = 0;
  // 64 bytes per step: four independent loads/stores keep the pipeline busy.
  for (; i + 64 <= len; i += 64) {
    const q = p + i;
    v128.store(q, v128.xor(v128.load(q), k));
    v128.store(q, v128.xor(v128.load(q, 16), k), 16);
    v128.store(q, v128.xor(v128.load(q, 32), k), 32);
    v128.store(q, v128.xor(v128.load(q, 48), k), 48);
  }
  for (; i + 16 <= len; i += 16) v128.store(p + i, v128.xor(v128.load(p + i), k));
  // i is a multiple of 16 here, so byte i+j takes key byte j mod 4.
  for (; i < len; i++) store<u8>(p + i, load<u8>(p + i) ^ <u8>(key >>> (<u32>(i & 3) << 3)));
}
