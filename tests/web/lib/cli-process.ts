/**
 * @module tests/web/lib/cli-process — the real `seedling` CLI (built dist) as a child process with
 * `--json`: its newline-delimited events collected, waited for with a timeout, ended by PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** One JSON event line of the CLI. */
export type CliEvent = Record<string, unknown> & { event: string };

/** A running CLI. */
export interface CliProcess {
  readonly child: ChildProcess;
  readonly events: CliEvent[];
  /** Last 8000 characters of stderr (for failure messages). */
  stderr(): string;
  /** Resolves to the first event named `name` (already seen or future). */
  waitFor(name: string, timeoutMs: number): Promise<CliEvent>;
  /** Resolves to the exit code (or the signal name). */
  readonly exited: Promise<number | string>;
  /** SIGTERM by PID, SIGKILL after 5 s; resolves when it has exited. */
  stop(): Promise<number | string>;
}

/** Spawns `node apps/cli/dist/main.js <args> --json`. */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  const child = spawn(process.execPath, ['apps/cli/dist/main.js', ...args, '--json'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const events: CliEvent[] = [];
  const waiters = new Set<() => void>();
  let err = '';
  let buf = '';
  child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-8000)));
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    const lines = buf.split('\n');
    buf = lines.pop()!;
    for (const line of lines) {
      try {
        const e = JSON.parse(line) as CliEvent;
        if (typeof e.event === 'string') events.push(e);
      } catch {
        // not an event line
      }
    }
    for (const w of waiters) w();
  });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  return {
    child,
    events,
    stderr: () => err,
    exited,
    waitFor(name, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const e = events.find((x) => x.event === name);
          if (!e) return false;
          cleanup();
          resolve(e);
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`CLI event "${name}" not seen in ${timeoutMs} ms; stderr: ${err}`));
        }, timeoutMs);
        const onExit = (): void => {
          if (check()) return;
          cleanup();
          reject(new Error(`CLI exited before "${name}"; stderr: ${err}`));
        };
        const cleanup = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
          child.off('exit', onExit);
        };
        waiters.add(check);
        child.once('exit', onExit);
        if (child.exitCode !== null) onExit();
        else check();
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(child.pid!, 'SIGTERM');
        const timer = setTimeout(() => child.exitCode === null && child.signalCode === null && process.kill(child.pid!, 'SIGKILL'), 5000);
        const code = await exited;
        clearTimeout(timer);
        return code;
      }
      return exited;
    },
  };
}
