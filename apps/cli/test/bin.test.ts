/** @module test/bin — the built `seedling` binary starts and reports its version. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../dist/main.js', import.meta.url));

it('the built binary runs', () => {
  expect(execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).trim()).toBe('0.1.0');
});
