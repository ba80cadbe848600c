/**
 * @module helpers/reference-clients — how the e2e tests run the reference clients
 * (/work/shared/REFERENCE-CLIENTS.md): aria2 kept to 127.0.0.1 with DHT, LPD and PEX off, and
 * libtorrent 2 through the Python bindings driven by `lt_client.py`.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** aria2c flags: no DHT, LPD, PEX or IPv6, 127.0.0.1 only, quiet, no user config. */
export const ARIA_QUIET: readonly string[] = ['--enable-dht=false', '--enable-dht6=false', '--bt-enable-lpd=false', '--enable-peer-exchange=false', '--interface=127.0.0.1', '--disable-ipv6=true', '--summary-interval=0', '--console-log-level=warn', '--no-conf=true'];

/** The system Python that has the libtorrent bindings. */
export const PYTHON = '/usr/bin/python3';
/** `lt_client.py (TORRENT|MAGNET) SAVE_DIR PORT (download|seed) [SECONDS]`. */
export const LT_CLIENT = fileURLToPath(new URL('./lt_client.py', import.meta.url));

/** True when {@link PYTHON} can import libtorrent. */
export function hasLibtorrent(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import libtorrent'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}
