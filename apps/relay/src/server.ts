/**
 * @module server — the `seedling-relay` Node entry: parses flags and env, starts the relay,
 * logs JSON lines to stdout and shuts down cleanly (exit 0) on SIGINT/SIGTERM.
 */
import { parseRelayArgs } from './cli.js';
import { createJsonLogger } from './log.js';
import { type RelayExtension, startRelay } from './relay.js';
import { tunnelExtension } from './tunnel/extension.js';

/** Extensions started with the relay (the tunnel registers its `/tunnel` endpoint here). */
const extensions: RelayExtension[] = [tunnelExtension()];

const log = createJsonLogger();
const config = parseRelayArgs(process.argv.slice(2));
try {
  const relay = await startRelay(config, { extensions, log });
  log('listening', { host: relay.host, port: relay.port, url: relay.url, webRoot: config.webRoot, token: config.token !== null });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('shutdown', { signal });
    const force = setTimeout(() => process.exit(0), 5000);
    force.unref();
    void relay.close().then(() => {
      log('stopped', {});
      process.exit(0);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (err) {
  log('fatal', { level: 'error', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
}
