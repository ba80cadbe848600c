/**
 * @module tunnel/extension — plugs the tunnel endpoint into the relay process: `/tunnel`
 * upgrades, the relay's access token, limits from `SEEDLING_RELAY_TUNNEL_*` env, and counters
 * on `/metrics`. The relay CLI leaves `--tunnel-*` flags to this module.
 */
import type { RelayExtension } from '../relay.js';
import { tunnelConfigFromArgs, type TunnelLimits } from './limits.js';
import { createTunnelServer, type TunnelServer, type TunnelServerOptions } from './tunnel-server.js';

/** Options of {@link tunnelExtension}; anything not given comes from flags, then env, then defaults. */
export interface TunnelExtensionOptions extends Omit<TunnelServerOptions, 'onEvent' | 'token'> {
  /** Env to read limits and token from (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Command-line arguments to read `--tunnel-*` flags from (default `process.argv.slice(2)`). */
  args?: readonly string[];
  /** Receives the created server (tests, admin). */
  onServer?: (server: TunnelServer) => void;
}

/**
 * The relay extension serving `/tunnel`. Its token is the relay's `--token` (or
 * `SEEDLING_RELAY_TUNNEL_TOKEN` when set).
 */
export function tunnelExtension(options: TunnelExtensionOptions = {}): RelayExtension {
  return (ctx) => {
    const fromEnv = tunnelConfigFromArgs(options.args ?? process.argv.slice(2), options.env ?? process.env);
    const limits: Partial<TunnelLimits> = { ...fromEnv.limits, ...options.limits };
    const m = ctx.state.metrics;
    const refusals = (status: string) =>
      m.registry.counter('seedling_relay_tunnel_refusals_total', 'Tunnel requests refused, by status.', { status });
    const tunnel = createTunnelServer({
      ...options,
      limits,
      token: fromEnv.token ?? ctx.state.config.token,
      onEvent: (e) => {
        if (e.type === 'bytes') m.tunnel.bytesRelayed.inc(e.bytes);
        else if (e.type === 'circuit-opened') {
          m.tunnel.circuitsOpened.inc();
          m.tunnel.circuitsOpen.inc();
        } else if (e.type === 'circuit-closed') m.tunnel.circuitsOpen.dec();
        else {
          if (e.request === 'circuit') m.tunnel.circuitsRefused.inc();
          refusals(e.status).inc();
        }
      },
    });
    m.registry.gauge('seedling_relay_tunnel_reservations', 'Tunnel reservations held now.', {}, () => tunnel.stats().reservations);
    options.onServer?.(tunnel);
    ctx.log('tunnel_ready', { limits: tunnel.limits, token: Boolean(fromEnv.token ?? ctx.state.config.token) });
    return {
      // The tunnel checks the token inside its control messages, so browsers (which cannot see an
      // HTTP 401 on a WebSocket upgrade) get a PERMISSION_DENIED status they can show.
      upgradeRoutes: [
        { paths: ['/tunnel'], checksTokenItself: true, handle: (req, socket, head) => tunnel.handleUpgrade(req, socket, head) },
      ],
      close: () => tunnel.close(),
    };
  };
}
