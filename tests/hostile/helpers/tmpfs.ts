/**
 * @module hostile/helpers/tmpfs — a tiny tmpfs (full-disk and read-only tests). Needs root
 * (CAP_SYS_ADMIN); {@link canMount} tells whether this machine allows it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

/** Mount a tmpfs of `size` (e.g. `1m`) at `dir`, read-only with `readOnly`. */
export function mountTmpfs(dir: string, size: string, readOnly = false): void {
  mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${readOnly ? ',ro' : ''}`, 'tmpfs', dir], { stdio: 'pipe', timeout: 10_000 });
}

/** Unmount `dir` (lazily, so a file still open in a killed process cannot block teardown). */
export function unmount(dir: string): void {
  try {
    execFileSync('umount', ['-l', dir], { stdio: 'pipe', timeout: 10_000 });
  } catch {
    // not mounted
  }
}

/** True when tmpfs mounts work here (root in a container with CAP_SYS_ADMIN). */
export function canMount(probeDir: string): boolean {
  try {
    mountTmpfs(probeDir, '64k');
    unmount(probeDir);
    return true;
  } catch {
    return false;
  }
}
