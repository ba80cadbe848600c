/**
 * @module bencode — strict bencode (BEP 3): decoder with limits and byte spans, canonical encoder.
 * @example
 * const { value, spans } = decodeWithSpans(torrentBytes, { outerKeyOrder: 'lenient' });
 * const info = spans.get('info'); // hash torrentBytes.subarray(info.start, info.end)
 */
export { decode, decodeWithSpans, DEFAULT_MAX_DEPTH, DEFAULT_MAX_SIZE, MAX_SUPPORTED_DEPTH } from './decode.js';
export type { DecodeOptions, DecodeResult } from './decode.js';
export { encode } from './encode.js';
export { BencodeError } from './errors.js';
export type { BencodeErrorCode } from './errors.js';
export type { BencodeDict, BencodeInput, BencodeList, BencodeValue, ByteSpan } from './types.js';
export { binaryToBytes, bytesEqual, bytesToBinary, bytesToHex, hexToBytes, keyText, textKey, utf8Bytes, utf8Text } from './bytes.js';
