/** @module choker — the pure upload-slot policy (tit-for-tat, optimistic unchoke, immediate unchoke, snubbing). */
export * from './choker.js';
