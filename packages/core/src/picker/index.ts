/** @module picker — the pure piece picker (random first, rarest first, partial first, endgame, sequential, file selection). */
export type { BlockReceipt, BlockRequest, PeerRequest, PickerFile, PiecePicker, PiecePickerOptions } from './types.js';
export * from './errors.js';
export * from './bits.js';
export * from './availability.js';
export * from './partial-piece.js';
export * from './file-priority.js';
export * from './piece-picker.js';
export * from './request-pipeline.js';
export * from './selection.js';
export * from './rarity-floor.js';
export * from './rarity-buckets.js';
