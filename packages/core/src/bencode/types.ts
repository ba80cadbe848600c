/** @module bencode/types — the value model of decoded bencode (BEP 3). */

/**
 * A bencode dictionary. Keys are *binary strings*: one JS char per key byte (0–255), so any byte
 * sequence round-trips and JS string order equals raw-byte order (BEP 3 requires keys sorted as
 * raw strings). Use {@link textKey} / {@link keyText} to convert UTF-8 text keys.
 */
export type BencodeDict = Map<string, BencodeValue>;

/** A list of bencode values. */
export type BencodeList = BencodeValue[];

/**
 * A decoded bencode value: byte strings stay `Uint8Array`; integers are `number` when within
 * Number.MAX_SAFE_INTEGER, `bigint` beyond.
 */
export type BencodeValue = Uint8Array | number | bigint | BencodeList | BencodeDict;

/**
 * What the encoder accepts: decoded values, plus JS strings (encoded as UTF-8), plain objects
 * (keys are binary strings, as in {@link BencodeDict}) and `undefined` dict values (skipped).
 */
export type BencodeInput =
  | Uint8Array
  | string
  | number
  | bigint
  | readonly BencodeInput[]
  | ReadonlyMap<string, BencodeInput | undefined>
  | { readonly [key: string]: BencodeInput | undefined };

/** A half-open byte range `[start, end)` of the input. */
export interface ByteSpan {
  readonly start: number;
  readonly end: number;
}
