/** @module bencode/errors — typed errors raised by the bencode decoder and encoder. */
import { SeedlingError } from '../errors.js';

/** Stable codes of {@link BencodeError}. */
export type BencodeErrorCode =
  | 'BENCODE_UNEXPECTED_END'
  | 'BENCODE_TRAILING_DATA'
  | 'BENCODE_UNEXPECTED_BYTE'
  | 'BENCODE_LEADING_ZERO'
  | 'BENCODE_NEGATIVE_ZERO'
  | 'BENCODE_INVALID_INTEGER'
  | 'BENCODE_INTEGER_TOO_LARGE'
  | 'BENCODE_INVALID_STRING_LENGTH'
  | 'BENCODE_NON_STRING_KEY'
  | 'BENCODE_UNSORTED_KEYS'
  | 'BENCODE_DUPLICATE_KEY'
  | 'BENCODE_TOO_DEEP'
  | 'BENCODE_TOO_LARGE'
  | 'BENCODE_INVALID_VALUE'
  | 'BENCODE_INVALID_KEY';

/**
 * A malformed or non-canonical bencoded input, or a value that cannot be bencoded.
 * `offset` is the byte position in the input where decoding failed (-1 when encoding).
 */
export class BencodeError extends SeedlingError<BencodeErrorCode> {
  /** Byte offset in the input where the problem was found, or -1. */
  readonly offset: number;

  constructor(code: BencodeErrorCode, message: string, offset = -1, options?: { cause?: unknown }) {
    super(code, offset >= 0 ? `${message} (at byte ${offset})` : message, options);
    this.name = 'BencodeError';
    this.offset = offset;
  }
}
