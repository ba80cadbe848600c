/**
 * @module commands/info — `seedling info <FILE.torrent|MAGNET>`: name, info-hashes, piece
 * geometry, files and trackers; `--json` prints one object with the contract's keys.
 */
import type { Command } from 'commander';
import { loadTorrentFile } from '../lib/load-torrent.js';
import { parseMagnet, parseShareLink } from '../lib/magnet.js';
import { formatBytes, processIo, type Io } from '../lib/output.js';

/** The `--json` shape (ARCHITECTURE.md): hashes lowercase hex or null. */
export interface InfoJson {
  name: string | null;
  infoHashV1: string | null;
  infoHashV2: string | null;
  pieceLength: number | null;
  pieceCount: number | null;
  length: number | null;
  files: { path: string; length: number }[];
  announce: string[];
  version?: string;
}

async function describe(input: string): Promise<InfoJson> {
  const share = parseShareLink(input);
  const magnetText = share?.magnet ?? (input.startsWith('magnet:') ? input : null);
  if (magnetText) {
    const m = parseMagnet(magnetText);
    return {
      name: m.name,
      infoHashV1: m.infoHashV1Hex,
      infoHashV2: m.infoHashV2Hex,
      pieceLength: null,
      pieceCount: null,
      length: null,
      files: [],
      announce: m.trackers,
    };
  }
  const { metainfo: t } = await loadTorrentFile(input);
  return {
    name: t.name,
    infoHashV1: t.infoHashV1Hex,
    infoHashV2: t.infoHashV2Hex,
    pieceLength: t.pieceLength,
    pieceCount: t.pieceCount,
    length: t.length,
    files: t.files.filter((f) => !f.pad).map((f) => ({ path: f.path.join('/'), length: f.length })),
    announce: [...t.announce],
    version: t.version,
  };
}

/** Run `seedling info`. */
export async function runInfo(input: string, opts: { json?: boolean }, io: Io = processIo): Promise<number> {
  const info = await describe(input);
  if (opts.json) {
    io.stdout.write(`${JSON.stringify(info)}\n`);
    return 0;
  }
  const lines = [
    `name:         ${info.name ?? '(unknown)'}`,
    `info hash v1: ${info.infoHashV1 ?? '-'}`,
    `info hash v2: ${info.infoHashV2 ?? '-'}`,
  ];
  if (info.pieceLength !== null) {
    lines.push(`version:      ${info.version}`);
    lines.push(`piece length: ${info.pieceLength} (${formatBytes(info.pieceLength)})`);
    lines.push(`pieces:       ${info.pieceCount}`);
    lines.push(`total size:   ${info.length} (${formatBytes(info.length ?? 0)})`);
    lines.push(`files (${info.files.length}):`);
    for (const f of info.files) lines.push(`  ${f.path} (${f.length})`);
  }
  lines.push(`trackers (${info.announce.length}):`);
  for (const a of info.announce) lines.push(`  ${a}`);
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** Register `info` on the program. */
export function registerInfo(program: Command, run: (p: Promise<number>) => void): void {
  program
    .command('info')
    .description('show what a .torrent file or magnet link describes')
    .argument('<torrent>', '.torrent file, magnet link or share link')
    .option('--json', 'print one JSON object')
    .action((input: string, opts: { json?: boolean }) => run(runInfo(input, opts)));
}
