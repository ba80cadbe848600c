/**
 * @module tests/webrtc-browser/bundle-core — bundles the platform-free WebRTC module of
 * @seedling/core for the page (IIFE exposing `SeedlingWebRtc`) and the Node adapter for the test
 * (ESM), with esbuild as shipped with tsup. Nothing is written into the packages.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const core = join(root, 'packages/core');
const requireCore = createRequire(join(core, 'package.json'));

interface EsbuildLike {
  build(options: Record<string, unknown>): Promise<unknown>;
}

/** The WebRTC module as a classic script defining `globalThis.SeedlingWebRtc`. */
export async function bundleWebRtcForBrowser(): Promise<string> {
  const esbuild = createRequire(requireCore.resolve('tsup'))('esbuild') as EsbuildLike;
  const dir = mkdtempSync(join(tmpdir(), 'seedling-webrtc-browser-'));
  try {
    const outfile = join(dir, 'webrtc.js');
    await esbuild.build({
      entryPoints: [join(core, 'src/webrtc/index.ts')],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'SeedlingWebRtc',
      target: 'es2022',
      outfile,
      logLevel: 'error',
    });
    return readFileSync(outfile, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
