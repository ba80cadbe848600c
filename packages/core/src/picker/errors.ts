/** @module picker/errors — typed errors of the piece picker. */
import { SeedlingError } from '../errors.js';

/**
 * Stable codes of {@link PickerError}:
 * - `PICKER_BAD_OPTIONS`: inconsistent sizes (piece count, piece length, block size).
 * - `PICKER_OUT_OF_RANGE`: a piece index or block offset outside the torrent.
 * - `PICKER_BAD_BITFIELD`: a bitfield shorter than ceil(pieceCount / 8) bytes.
 */
export type PickerErrorCode = 'PICKER_BAD_OPTIONS' | 'PICKER_OUT_OF_RANGE' | 'PICKER_BAD_BITFIELD';

/** Raised by the picker for arguments that cannot be right; the swarm validates peer input first. */
export class PickerError extends SeedlingError<PickerErrorCode> {
  constructor(code: PickerErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'PickerError';
  }
}
