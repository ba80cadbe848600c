#!/usr/bin/env node
/**
 * @module tests/run-isolated — runs browser test suites inside the isolated network namespace
 * (`<repo>/../shared/tools/isolated-net`, needs root), where headless Chromium gathers WebRTC
 * candidates on the namespace's veth pair (it gathers none on loopback alone). Each argument is a
 * vitest config; they run one after another. Build first (`pnpm build`): there is no registry inside.
 *   node tests/run-isolated.mjs tests/webrtc-browser/vitest.config.ts tests/web/vitest.config.ts
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));
const tool = join(repo, '..', 'shared', 'tools', 'isolated-net');
if (!existsSync(tool)) {
  console.error(`run-isolated: ${tool} is missing. Browser tests need the isolated-net tool beside the repository (shared/tools/isolated-net), run as root.`);
  process.exit(2);
}
for (const built of ['apps/web/dist/index.html', 'apps/relay/dist/server.js', 'apps/cli/dist/main.js']) {
  if (!existsSync(join(repo, built))) {
    console.error(`run-isolated: ${built} is missing; run \`pnpm build\` first.`);
    process.exit(2);
  }
}
const configs = process.argv.slice(2);
if (configs.length === 0) {
  console.error('usage: node tests/run-isolated.mjs <vitest config>...');
  process.exit(2);
}
const vitest = join(repo, 'node_modules', '.bin', 'vitest');
for (const config of configs) {
  // A generous outer bound: each suite's own tests carry their timeouts; this only stops a hang.
  const r = spawnSync(tool, [vitest, 'run', '--config', join(repo, config)], { stdio: 'inherit', cwd: repo, timeout: 15 * 60_000 });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
