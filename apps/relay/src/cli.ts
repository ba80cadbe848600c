/**
 * @module cli — the `seedling-relay` command line: every setting as a flag and as an env
 * variable (`SEEDLING_RELAY_*`), parsed by commander.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { defaultConfig, type RelayConfig } from './config.js';
import { RELAY_VERSION } from './state.js';

function int(min: number, max: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!/^\d+$/.test(v.trim()) || n < min || n > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    return n;
  };
}

type NumKey = { [K in keyof RelayConfig]: RelayConfig[K] extends number ? K : never }[keyof RelayConfig];

/** Numeric limits: config key, flag, env suffix, bounds, help. */
const NUMERIC: [NumKey, string, string, number, number, string][] = [
  ['port', '--port <n>', 'PORT', 0, 65535, 'TCP port (0: any free port)'],
  ['interval', '--interval <seconds>', 'INTERVAL', 10, 86400, 'announce interval told to clients'],
  ['minInterval', '--min-interval <seconds>', 'MIN_INTERVAL', 1, 86400, 'BEP 3 min interval'],
  ['maxPayload', '--max-payload <bytes>', 'MAX_PAYLOAD', 1024, 16 * 1024 * 1024, 'max WebSocket message size'],
  ['msgRate', '--msg-rate <n>', 'MSG_RATE', 1, 100000, 'messages per second per WebSocket'],
  ['msgBurst', '--msg-burst <n>', 'MSG_BURST', 1, 100000, 'message burst per WebSocket'],
  ['maxSwarmsPerSocket', '--max-swarms-per-socket <n>', 'MAX_SWARMS_PER_SOCKET', 1, 1_000_000, 'swarms one WebSocket may join'],
  ['maxPeersPerSwarm', '--max-peers-per-swarm <n>', 'MAX_PEERS_PER_SWARM', 1, 10_000_000, 'peers kept per swarm'],
  ['maxSwarms', '--max-swarms <n>', 'MAX_SWARMS', 1, 100_000_000, 'swarms kept in total'],
  ['maxPeers', '--max-peers <n>', 'MAX_PEERS', 1, 100_000_000, 'peer records kept in total'],
  ['maxConnections', '--max-connections <n>', 'MAX_CONNECTIONS', 1, 10_000_000, 'concurrent tracker WebSockets'],
  ['maxConnectionsPerIp', '--max-connections-per-ip <n>', 'MAX_CONNECTIONS_PER_IP', 1, 10_000_000, 'concurrent tracker WebSockets from one IP'],
  ['maxNumwant', '--max-numwant <n>', 'MAX_NUMWANT', 1, 1000, 'cap on numwant and on offers relayed per announce'],
  ['maxOffers', '--max-offers <n>', 'MAX_OFFERS', 0, 1000, 'offers accepted per WebSocket announce'],
  ['idleTimeout', '--idle-timeout <seconds>', 'IDLE_TIMEOUT', 1, 86400, 'close WebSockets that join no swarm for this long'],
  ['httpRate', '--http-rate <n>', 'HTTP_RATE', 0, 1_000_000, 'HTTP /announce and /scrape requests per second per IP (0: unlimited)'],
  ['httpBurst', '--http-burst <n>', 'HTTP_BURST', 1, 1_000_000, 'HTTP tracker request burst per IP'],
  ['httpRateIps', '--http-rate-ips <n>', 'HTTP_RATE_IPS', 1, 10_000_000, 'client IPs tracked by the HTTP rate limit (LRU)'],
  ['maxBufferedBytes', '--max-buffered-bytes <n>', 'MAX_BUFFERED_BYTES', 1024, 1 << 30, 'bytes queued per WebSocket before dropping it'],
];

/**
 * Removes `--tunnel-*` flags (and their values): the tunnel extension parses those itself
 * (src/tunnel), so commander must not refuse them as unknown.
 */
export function withoutExtensionFlags(argv: readonly string[], prefix = '--tunnel-'): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (!a.startsWith(prefix)) out.push(a);
    else if (!a.includes('=') && i + 1 < argv.length && !(argv[i + 1] as string).startsWith('--')) i++;
  }
  return out;
}

/**
 * Parses argv (without node and script) and env into a config. Exits with code 2 on bad usage.
 * `--tunnel-*` flags are left to the tunnel extension.
 */
export function parseRelayArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): RelayConfig {
  const d = defaultConfig();
  const program = new Command('seedling-relay')
    .description('Seedling relay: BitTorrent HTTP and WebSocket tracker, WebRTC signaling, tunnels and the web app')
    .version(RELAY_VERSION)
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
    .addOption(new Option('--host <address>', 'interface to bind').default(d.host).env('SEEDLING_RELAY_HOST'))
    .addOption(new Option('--token <secret>', 'access token required on tracker and WebSocket requests').env('SEEDLING_RELAY_TOKEN'))
    .addOption(new Option('--web-root <dir>', 'directory of the built web app').default(d.webRoot).env('SEEDLING_RELAY_WEB_ROOT'))
    .addOption(new Option('--trust-ip-param', 'accept the announce `ip` parameter from any client').env('SEEDLING_RELAY_TRUST_IP_PARAM'));
  for (const [key, flag, envName, min, max, help] of NUMERIC) {
    program.addOption(new Option(flag, help).default(d[key]).env(`SEEDLING_RELAY_${envName}`).argParser(int(min, max)));
  }
  const saved = process.env;
  process.env = env;
  try {
    program.parse(withoutExtensionFlags(argv), { from: 'user' });
  } finally {
    process.env = saved;
  }
  const o = program.opts<Record<string, unknown>>();
  const cfg: RelayConfig = { ...d, host: String(o.host), token: typeof o.token === 'string' && o.token !== '' ? o.token : null, webRoot: String(o.webRoot) };
  cfg.trustIpParam = o.trustIpParam === true || o.trustIpParam === '1' || o.trustIpParam === 'true';
  for (const [key] of NUMERIC) cfg[key] = Number(o[key]);
  return cfg;
}
