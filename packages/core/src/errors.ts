/** @module errors — the base of every typed error in @seedling/core. */

/**
 * Base class of all Seedling errors. Each module defines a subclass with a union of stable
 * `code` strings (e.g. `WIRE_FRAME_TOO_LARGE`); callers match on `code` or `name`, never on
 * message text. `cause` keeps the underlying error.
 */
export class SeedlingError<C extends string = string> extends Error {
  /** Stable machine-readable code. */
  readonly code: C;

  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'SeedlingError';
  }
}

/** Type guard that works across realms/bundles (matches on shape, not instanceof). */
export function isSeedlingError(err: unknown): err is SeedlingError {
  return (
    typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' &&
    err instanceof Error
  );
}
