/** @module lib/network-flags — the flags `seed` and `get` share (transport, rates, trackers, peers). */
import type { Command } from 'commander';
import { collect, parsePort } from './options.js';
import { parseRate } from './rate.js';

/** Add the shared network flags to a command. */
export function addNetworkFlags(cmd: Command): Command {
  return cmd
    .option('--relay <url>', 'Seedling relay: announce to <relay>/announce and print a share link')
    .option('--tracker <url>', 'HTTP tracker URL (repeatable)', collect, [])
    .option('--peer <host:port>', 'also connect to this peer (repeatable)', collect, [])
    .option('--port <n>', 'TCP port to listen on (default: any free port)', parsePort)
    .option('--bind <host>', 'address to listen on (default 0.0.0.0)')
    .option('--transport <kind>', 'tcp | webrtc | tunnel (repeatable; default: tcp, plus webrtc and tunnel with a relay)', collect, [])
    .option('--up-rate <rate>', 'upload cap per second, e.g. 10MB (default: unlimited)', parseRate)
    .option('--down-rate <rate>', 'download cap per second, e.g. 10MB (default: unlimited)', parseRate)
    .option('--json', 'newline-delimited JSON events on stdout');
}
