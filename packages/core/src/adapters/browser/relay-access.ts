/**
 * @module adapters/browser/relay-access — why a page cannot use its relay. A browser learns
 * nothing from a refused WebSocket upgrade (the 401 of a private relay and a relay that is down
 * both end in close code 1006), so after the tracker socket closes the page asks the relay's HTTP
 * tracker, which answers a missing or wrong access token with a bencoded `failure reason`
 * ("access token required", BEP 3 style) and anything else with a different failure.
 */
import { withToken } from '../../tunnel/options.js';

/** What the relay says about our access: allowed, refused (token missing or wrong), or unreachable. */
export type RelayAccess = 'allowed' | 'token-refused' | 'unreachable';

/** Options of {@link probeRelayAccess}. */
export interface RelayAccessProbeOptions {
  /** The relay's http(s) origin. */
  relay: string;
  /** The access token we send (none: the relay must be public). */
  token?: string;
  /** Default `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  signal?: AbortSignal;
}

/**
 * Asks `GET /announce[?token=…]` with no announce parameters: a relay that accepts the token
 * (or needs none) fails the request for its missing `info_hash` instead.
 */
export async function probeRelayAccess(opts: RelayAccessProbeOptions): Promise<RelayAccess> {
  const f = opts.fetch ?? globalThis.fetch;
  try {
    const res = await f(withToken(new URL('/announce', opts.relay).toString(), opts.token), { cache: 'no-store', ...(opts.signal ? { signal: opts.signal } : {}) });
    const text = await res.text();
    return /access token/i.test(text) ? 'token-refused' : 'allowed';
  } catch {
    return 'unreachable';
  }
}
