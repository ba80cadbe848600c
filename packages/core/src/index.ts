/** @module @seedling/core — platform-free BitTorrent core. */
export const VERSION = '0.1.0';
