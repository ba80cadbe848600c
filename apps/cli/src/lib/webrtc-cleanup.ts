/**
 * @module lib/webrtc-cleanup — node-datachannel keeps native threads (and the process) alive
 * after its peer connections are closed until its `cleanup()` runs; called at shutdown by
 * commands that used WebRTC. The library is a dependency of `@seedling/core`, resolved from it.
 */
import { createRequire } from 'node:module';

/** Run node-datachannel's `cleanup()` if it was loaded (best effort; never throws). */
export async function cleanupNodeDataChannel(): Promise<void> {
  try {
    const fromCore = createRequire(import.meta.resolve('@seedling/core/node'));
    const mod = (await import(fromCore.resolve('node-datachannel'))) as { cleanup?: () => void; default?: { cleanup?: () => void } };
    (mod.cleanup ?? mod.default?.cleanup)?.();
  } catch {
    // not installed or not loaded: nothing to clean up
  }
}
