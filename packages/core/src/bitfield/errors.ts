/** @module bitfield/errors — typed errors of the bitfield module. */
import { SeedlingError } from '../errors.js';

/**
 * Stable codes of {@link BitfieldError}:
 * - `BITFIELD_BAD_LENGTH`: bytes are not exactly ceil(pieceCount/8) long (BEP 3);
 * - `BITFIELD_SPARE_BITS`: bits past `pieceCount` in the last byte are set (BEP 3: must be 0);
 * - `BITFIELD_OUT_OF_RANGE`: an index outside 0..pieceCount-1, or a bad piece count;
 * - `BITFIELD_SIZE_MISMATCH`: an operation between bitfields of different piece counts.
 */
export type BitfieldErrorCode = 'BITFIELD_BAD_LENGTH' | 'BITFIELD_SPARE_BITS' | 'BITFIELD_OUT_OF_RANGE' | 'BITFIELD_SIZE_MISMATCH';

/** A bitfield that does not match its piece count, or an out-of-range index. */
export class BitfieldError extends SeedlingError<BitfieldErrorCode> {
  constructor(code: BitfieldErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'BitfieldError';
  }
}
