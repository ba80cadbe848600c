/** @module @seedling/core/node — Node adapters (TCP transport, file storage). */
export const NODE_ADAPTERS = true;
