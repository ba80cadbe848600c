/** @module @seedling/core/testing — compliance suites shared by every adapter. */
export const TESTING = true;
