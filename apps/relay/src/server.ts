/** @module server — the `seedling-relay` Node entry: parses flags/env and listens. */
import { serve } from '@hono/node-server';
import { createRelayApp } from './app.js';

const args = process.argv.slice(2);
function flag(name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}
const host = flag('host') ?? process.env.SEEDLING_RELAY_HOST ?? '127.0.0.1';
const port = Number(flag('port') ?? process.env.SEEDLING_RELAY_PORT ?? 8000);
const app = createRelayApp();
const server = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
  process.stdout.write(`${JSON.stringify({ event: 'listening', host, port: info.port })}\n`);
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => server.close(() => process.exit(0)));
}
