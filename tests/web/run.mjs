#!/usr/bin/env node
/**
 * @module tests/web/run — runs the web app tests inside the isolated network namespace
 * (`<repo>/../shared/tools/isolated-net`, root), where headless Chromium gathers WebRTC
 * candidates on the namespace's veth pair. Build first (`pnpm build`): there is no registry inside.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const tool = join(repo, '..', 'shared', 'tools', 'isolated-net');
if (!existsSync(tool)) {
  console.error(`tests/web: ${tool} is missing. The web tests need the isolated-net tool beside the repository (shared/tools/isolated-net), run as root.`);
  process.exit(2);
}
for (const built of ['apps/web/dist/index.html', 'apps/relay/dist/server.js']) {
  if (!existsSync(join(repo, built))) {
    console.error(`tests/web: ${built} is missing; run \`pnpm build\` first.`);
    process.exit(2);
  }
}
const vitest = join(repo, 'node_modules', '.bin', 'vitest');
const child = spawn(tool, [vitest, 'run', '--config', join(repo, 'tests/web/vitest.config.ts'), ...process.argv.slice(2)], { stdio: 'inherit', cwd: repo });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
