/** @module tests/web/lib/relay-process — a real seedling-relay child process (built dist), ended by PID. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** A started relay. */
export interface RelayProcess {
  readonly origin: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Starts `node apps/relay/dist/server.js --host 127.0.0.1 --port 0 [args]` and waits for its listening line. */
export async function startRelay(host = '127.0.0.1', timeoutMs = 15_000, args: readonly string[] = []): Promise<RelayProcess> {
  const child: ChildProcess = spawn(process.execPath, ['apps/relay/dist/server.js', '--host', host, '--port', '0', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()).slice(-4000));
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`relay did not start in ${timeoutMs} ms: ${stderr}`)), timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      for (const line of buf.split('\n')) {
        if (!line.includes('listening')) continue;
        try {
          const msg = JSON.parse(line) as { port?: number };
          if (msg.port) {
            clearTimeout(timer);
            resolve(msg.port);
          }
        } catch {
          // partial line
        }
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`relay exited (${code}): ${stderr}`));
    });
  });
  child.stdout!.resume();
  return {
    origin: `http://${host}:${port}`,
    port,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      process.kill(child.pid!, 'SIGTERM');
      const timer = setTimeout(() => child.exitCode === null && process.kill(child.pid!, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
