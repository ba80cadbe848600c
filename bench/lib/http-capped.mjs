/**
 * @module bench/lib/http-capped — the client-server baseline of the flash-crowd bench: a
 * node:http server on 127.0.0.1 streaming one file to every GET, its total upload capped by one
 * token bucket shared by all responses (core's `createThrottle`, the same limiter behind
 * `--up-rate`), and N concurrent clients writing the body to disk.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { request, createServer } from 'node:http';
import { join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const coreUrl = new URL('../../packages/core/dist/index.js', import.meta.url);
const CHUNK = 64 * 1024;

/** Start the capped server for `file`; resolves { port, close() }. */
export async function startCappedServer(file, bytesPerSecond) {
  const { createThrottle } = await import(fileURLToPath(coreUrl));
  const throttle = createThrottle(bytesPerSecond);
  const { size } = await stat(file);
  const server = createServer(async (req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
    const src = createReadStream(file, { highWaterMark: CHUNK });
    const ac = new AbortController();
    res.on('close', () => {
      ac.abort();
      src.destroy();
    });
    try {
      for await (const chunk of src) {
        await throttle.wait(chunk.length, ac.signal);
        if (!res.write(chunk)) await once(res, 'drain', { signal: ac.signal });
      }
      res.end();
    } catch {
      res.destroy();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: server.address().port,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

/** One client: GET the file into `dir/name`; resolves the time it finished (performance.now()). */
export function download(port, dir, name, timeoutMs) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/file', agent: false }, (res) => {
      const out = createWriteStream(join(dir, name));
      res.pipe(out);
      out.on('finish', () => resolve(performance.now()));
      out.on('error', reject);
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`HTTP download timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}
