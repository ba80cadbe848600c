/** @module lib/output — where the CLI writes: JSON events on stdout, messages on stderr. */

/** The streams a command writes to (injectable for tests). */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** The process's own streams. */
export const processIo: Io = { stdout: process.stdout, stderr: process.stderr };

/** Print one newline-delimited JSON event (`{"event": …}`) on stdout. */
export function emitJson(io: Io, event: string, data: Record<string, unknown> = {}): void {
  io.stdout.write(`${JSON.stringify({ event, ...data })}\n`);
}

/** Human-readable byte count (binary units). */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}
