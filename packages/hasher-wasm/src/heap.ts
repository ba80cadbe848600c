/**
 * @module heap — a small first-fit allocator over the wasm memory above the fixed regions
 * (assembly/layout.ts HEAP). The wasm uses `--runtime stub`, which never frees, so the wrapper
 * manages this region itself; it grows memory on demand.
 */

const ALIGN = 16;
const PAGE = 65536;

interface Block { ptr: number; size: number }

/** Allocator of wasm memory blocks, 16-byte aligned. */
export class WasmHeap {
  readonly #memory: WebAssembly.Memory;
  readonly #free: Block[] = [];

  constructor(memory: WebAssembly.Memory, start: number) {
    this.#memory = memory;
    const base = Math.ceil(start / ALIGN) * ALIGN;
    const end = memory.buffer.byteLength;
    if (end > base) this.#free.push({ ptr: base, size: end - base });
    else this.#grow(base, 1);
  }

  /** Returns a pointer to `size` bytes (rounded up to 16). Contents are not cleared. */
  alloc(size: number): number {
    const need = Math.max(ALIGN, Math.ceil(size / ALIGN) * ALIGN);
    for (let i = 0; i < this.#free.length; i++) {
      const b = this.#free[i]!;
      if (b.size >= need) {
        const ptr = b.ptr;
        b.ptr += need;
        b.size -= need;
        if (b.size === 0) this.#free.splice(i, 1);
        return ptr;
      }
    }
    const end = this.#memory.buffer.byteLength;
    const last = this.#free.at(-1);
    const tailFree = last && last.ptr + last.size === end ? last.size : 0;
    this.#grow(end, Math.ceil((need - tailFree) / PAGE));
    return this.alloc(size);
  }

  /** Returns a block from alloc() with the same `size`. */
  free(ptr: number, size: number): void {
    const need = Math.max(ALIGN, Math.ceil(size / ALIGN) * ALIGN);
    let i = 0;
    while (i < this.#free.length && this.#free[i]!.ptr < ptr) i++;
    this.#free.splice(i, 0, { ptr, size: need });
    this.#coalesce(Math.max(0, i - 1));
  }

  /** Bytes currently free (for tests: everything allocated is given back). */
  get freeBytes(): number {
    return this.#free.reduce((n, b) => n + b.size, 0);
  }

  #grow(end: number, pages: number): void {
    this.#memory.grow(pages);
    this.#free.push({ ptr: end, size: pages * PAGE });
    this.#coalesce(Math.max(0, this.#free.length - 2));
  }

  #coalesce(from: number): void {
    for (let i = from; i + 1 < this.#free.length;) {
      const a = this.#free[i]!, b = this.#free[i + 1]!;
      if (a.ptr + a.size === b.ptr) {
        a.size += b.size;
        this.#free.splice(i + 1, 1);
      } else if (i > from) break;
      else i++;
    }
  }
}
