/** @module bitfield — BEP 3 piece bitfields. */
export { Bitfield } from './bitfield.js';
export { BitfieldError, type BitfieldErrorCode } from './errors.js';
