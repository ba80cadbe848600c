/** @module wasm-exports — the raw exports of assembly/index.ts and the algorithm ids it takes. */

/** Algorithm ids of assembly/layout.ts. */
export const ALG_ID = { sha1: 1, sha256: 2 } as const;

/** Digest bytes per algorithm. */
export const DIGEST_LENGTH = { sha1: 20, sha256: 32 } as const;

/** Exports of the wasm module (pointers are byte offsets into `memory`). */
export interface WasmExports {
  readonly memory: WebAssembly.Memory;
  setup(): number;
  ctxPtr(): number;
  outPtr(): number;
  inPtr(): number;
  inSize(): number;
  outSize(): number;
  streamInit(alg: number): void;
  streamUpdate(alg: number, ptr: number, len: number): void;
  streamFinal(alg: number, out: number): void;
  multiInit(alg: number): void;
  multiUpdate(alg: number, p0: number, p1: number, p2: number, p3: number, blocks: number): void;
  multiFinal(alg: number, t0: number, t1: number, t2: number, t3: number, tailLen: number, totalLen: number, out: number, count: number): void;
  hashPieces(alg: number, ptr: number, pieceLen: number, count: number, out: number): void;
  popcount(ptr: number, nbits: number): number;
  andNot(a: number, b: number, out: number, nbits: number): void;
  nextSetBit(ptr: number, from: number, nbits: number): number;
  availabilityAdd(counts: number, bits: number, nbits: number, delta: number): void;
  pickRarest(counts: number, cand: number, nbits: number): number;
}
