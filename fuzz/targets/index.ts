/** @module fuzz/targets — every fuzz target, in run order. */
import type { FuzzTarget } from '../target.js';
import { bencodeTarget } from './bencode.js';
import { magnetTarget } from './magnet.js';
import { infoDictTarget, torrentTarget } from './metainfo.js';
import { httpTrackerTarget, wsTrackerTarget } from './tracker.js';
import { tunnelTarget } from './tunnel.js';
import { wireTarget } from './wire.js';

/** All targets. */
export const TARGETS: readonly FuzzTarget[] = [bencodeTarget, torrentTarget, infoDictTarget, magnetTarget, wireTarget, httpTrackerTarget, wsTrackerTarget, tunnelTarget];
