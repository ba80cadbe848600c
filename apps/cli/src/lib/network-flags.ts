/** @module lib/network-flags — the flags `seed` and `get` share (transport, rates, trackers, peers). */
import { Option, type Command } from 'commander';
import { collect, parsePort } from './options.js';
import { parseRate } from './rate.js';

/** A repeatable option collected into an array (empty by default), with a readable default in --help. */
function repeatable(flags: string, description: string, defaultText: string): Option {
  return new Option(flags, description).argParser(collect).default([], defaultText);
}

/** Add the shared network flags to a command. */
export function addNetworkFlags(cmd: Command): Command {
  return cmd
    .option('--relay <url>', 'Seedling relay: announce to <relay>/announce and print a share link')
    .addOption(repeatable('--tracker <url>', 'HTTP tracker URL (repeatable)', 'none'))
    .addOption(repeatable('--peer <host:port>', 'also connect to this peer (repeatable)', 'none'))
    .option('--port <n>', 'TCP port to listen on (default: any free port)', parsePort)
    .option('--bind <host>', 'address to listen on (default 0.0.0.0)')
    .addOption(repeatable('--transport <kind>', 'tcp | webrtc | tunnel (repeatable)', 'tcp, plus webrtc and tunnel with a relay'))
    .option('--up-rate <rate>', 'upload cap per second, e.g. 10MB (default: unlimited)', parseRate)
    .option('--down-rate <rate>', 'download cap per second, e.g. 10MB (default: unlimited)', parseRate)
    .option('--json', 'newline-delimited JSON events on stdout');
}
