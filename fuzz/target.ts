/**
 * @module fuzz/target — the shape of a fuzz target and the check that every failure is typed.
 * A target runs one input; it may throw only the typed errors it declares (a SeedlingError
 * subclass matched by `name` with a stable SCREAMING_CASE `code`). Anything else — a TypeError,
 * a RangeError from an oversized allocation, an untyped Error, a wrong class — is a finding.
 */

/** One fuzz target. */
export interface FuzzTarget {
  /** Short name used by the `FUZZ_TARGET` filter. */
  readonly name: string;
  /** Valid (and a few hand-made edge-case) samples that seed the mutation engine. */
  seeds(): Uint8Array[];
  /**
   * Run one input. Returns true when the input was accepted (the engine keeps some accepted
   * mutants as new seeds). Throws {@link FuzzFinding} on a bug; typed errors are caught inside.
   */
  run(input: Uint8Array, codes: Map<string, number>): boolean;
}

/** A bug found by a target: an untyped error, a wrong error class or a broken property. */
export class FuzzFinding extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FuzzFinding';
  }
}

const CODE = /^[A-Z][A-Z0-9_]+$/;

/**
 * Run `fn`; return true if it succeeded, false if it threw a typed error of one of `names`
 * (counting its code in `codes`), and throw {@link FuzzFinding} for anything else.
 */
export function expectTyped(fn: () => void, names: readonly string[], codes: Map<string, number>): boolean {
  try {
    fn();
    return true;
  } catch (err) {
    if (err instanceof FuzzFinding) throw err;
    const e = err as { name?: unknown; code?: unknown };
    if (err instanceof Error && typeof e.name === 'string' && names.includes(e.name) && typeof e.code === 'string' && CODE.test(e.code)) {
      const key = `${e.name}:${e.code}`;
      codes.set(key, (codes.get(key) ?? 0) + 1);
      return false;
    }
    throw new FuzzFinding(`untyped or unexpected error: ${String(e.name)}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** Throw a {@link FuzzFinding} unless `cond` holds. */
export function check(cond: boolean, what: string): void {
  if (!cond) throw new FuzzFinding(`property broken: ${what}`);
}

/** Latin-1 text ⇄ bytes (one char per byte), for text-protocol targets. */
export const latin1 = (b: Uint8Array): string => {
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
};

/** UTF-8 bytes of `s`. */
export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
