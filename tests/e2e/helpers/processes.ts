/**
 * @module helpers/processes — spawn the built binaries and other clients, read their output,
 * wait for JSON events with timeouts, and kill every process by its own PID in teardown.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
/** The built CLI and relay entry points. */
export const CLI = `${REPO}apps/cli/dist/main.js`;
export const RELAY = `${REPO}apps/relay/dist/server.js`;

/** A spawned process with its captured output. */
export interface Proc {
  readonly child: ChildProcess;
  readonly pid: number;
  stdout: string;
  stderr: string;
  /** Parsed JSON lines from stdout. */
  readonly events: Record<string, unknown>[];
  /** Resolves with the exit code (or signal name) once the process exits. */
  readonly exited: Promise<number | string>;
}

const live = new Set<Proc>();

/** Spawn a command; it is tracked and killed by {@link killAll}. */
export function start(cmd: string, args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Proc {
  const child = spawn(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not spawn ${cmd}`);
  const proc: Proc = {
    child,
    pid: child.pid,
    stdout: '',
    stderr: '',
    events: [],
    exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1))),
  };
  let partial = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    proc.stdout += d;
    partial += d;
    const lines = partial.split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      try {
        proc.events.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not JSON: ignore
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    proc.stderr += d;
  });
  live.add(proc);
  void proc.exited.then(() => live.delete(proc));
  return proc;
}

/** Spawn the seedling CLI. */
export function seedling(args: readonly string[], opts: { cwd?: string } = {}): Proc {
  return start(process.execPath, [CLI, ...args], opts);
}

/** Run the seedling CLI to completion (with a deadline) and return its exit code and output. */
export async function runSeedling(args: readonly string[], opts: { cwd?: string; timeoutMs?: number } = {}): Promise<{ code: number | string; stdout: string; stderr: string; events: Record<string, unknown>[] }> {
  const p = seedling(args, opts);
  const code = await withTimeout(p.exited, opts.timeoutMs ?? 60_000, `seedling ${args.join(' ')}`);
  return { code, stdout: p.stdout, stderr: p.stderr, events: p.events };
}

/** Reject after `ms` with a message naming what we waited for. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]);
}

/** Poll until `check` returns a value (not undefined/false), or fail after `ms`. */
export async function waitUntil<T>(check: () => T | undefined | false | Promise<T | undefined | false>, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Wait for a JSON event from a process; fails early if the process exits first. */
export async function waitForEvent(p: Proc, event: string, ms = 30_000, pred: (e: Record<string, unknown>) => boolean = () => true): Promise<Record<string, unknown>> {
  let exited = false;
  void p.exited.then(() => (exited = true));
  return waitUntil(
    () => {
      const e = p.events.find((x) => x.event === event && pred(x));
      if (e) return e;
      if (exited) throw new Error(`process ${p.pid} exited before "${event}"; stderr: ${p.stderr.slice(-2000)}`);
      return undefined;
    },
    ms,
    `event "${event}" from pid ${p.pid} (stderr: ${p.stderr.slice(-500)})`,
  );
}

/** Kill one process by PID (SIGTERM, then SIGKILL after a grace period) and wait for its exit. */
export async function kill(p: Proc, graceMs = 3000): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  try {
    process.kill(p.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }, graceMs);
  await p.exited;
  clearTimeout(timer);
}

/** Kill every process still running (teardown), except those in `keep`. */
export async function killAll(keep: readonly Proc[] = []): Promise<void> {
  await Promise.all([...live].filter((p) => !keep.includes(p)).map((p) => kill(p)));
}
