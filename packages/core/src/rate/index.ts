/** @module rate — rate strings, token bucket, async throttle, throttled connections and rate meters. */
export * from './errors.js';
export * from './parse-rate.js';
export * from './token-bucket.js';
export * from './throttle.js';
export * from './rate-meter.js';
