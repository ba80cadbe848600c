/** @module rate/errors — typed errors of the rate module. */
import { SeedlingError } from '../errors.js';

/** Stable codes of {@link RateError}: `RATE_INVALID` (a rate string or value that is not a valid rate). */
export type RateErrorCode = 'RATE_INVALID';

/** Raised for invalid rates, e.g. `--up-rate 10XB`. */
export class RateError extends SeedlingError<RateErrorCode> {
  constructor(code: RateErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'RateError';
  }
}
