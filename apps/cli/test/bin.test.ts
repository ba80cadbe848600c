import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../dist/main.js', import.meta.url));

it('the built binary runs', () => {
  expect(execFileSync(process.execPath, [bin], { encoding: 'utf8' })).toContain('seedling');
});
