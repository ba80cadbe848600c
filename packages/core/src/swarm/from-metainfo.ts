/**
 * @module swarm/from-metainfo — the swarm's view of a parsed torrent: byte-space length, v1
 * piece hashes, and the expected v2 hash of every piece (BEP 52 piece layers, or the file's
 * `pieces root` for files of one piece).
 */
import { bytesToHex } from '../bencode/bytes.js';
import type { Metainfo } from '../metainfo/types.js';
import { SwarmError } from './errors.js';
import type { SwarmTorrent } from './types.js';

/**
 * Convert parsed metainfo for the swarm. Throws `SWARM_BAD_TORRENT` if a v2 piece layer is
 * missing, unless `allowMissingLayers` (a v2 magnet: the swarm then fetches the layers from
 * peers with BEP 52 hash requests before downloading).
 */
export function torrentFromMetainfo(m: Metainfo, opts: { allowMissingLayers?: boolean } = {}): SwarmTorrent {
  let piecesV2: (Uint8Array | null)[] | undefined;
  if (!m.pieces && m.infoHashV2) {
    piecesV2 = new Array<Uint8Array | null>(m.pieceCount).fill(null);
    for (const f of m.files) {
      if (f.pad || f.length === 0 || !f.piecesRoot) continue;
      const first = Math.floor(f.offset / m.pieceLength);
      const n = Math.ceil(f.length / m.pieceLength);
      if (n === 1) {
        piecesV2[first] = f.piecesRoot;
        continue;
      }
      const layer = m.pieceLayers.get(bytesToHex(f.piecesRoot));
      if (!layer && opts.allowMissingLayers) continue;
      if (!layer || layer.length !== n * 32) {
        throw new SwarmError('SWARM_BAD_TORRENT', `no piece layer for ${f.path.join('/')} (BEP 52 piece layers are needed to verify v2 data)`);
      }
      for (let k = 0; k < n; k++) piecesV2[first + k] = layer.subarray(k * 32, k * 32 + 32);
    }
  }
  return {
    name: m.name,
    ...(m.infoHashV1 ? { infoHashV1: m.infoHashV1 } : {}),
    ...(m.infoHashV2 ? { infoHashV2: m.infoHashV2 } : {}),
    pieceLength: m.pieceLength,
    pieceCount: m.pieceCount,
    length: m.spaceLength,
    files: m.files,
    ...(m.pieces ? { piecesV1: m.pieces } : {}),
    ...(piecesV2 ? { piecesV2 } : {}),
    infoBytes: m.infoBytes,
  };
}
