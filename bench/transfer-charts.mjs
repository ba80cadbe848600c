/**
 * @module bench/transfer-charts — the charts of bench/transfer.mjs from its result object:
 * MB/s per pair (average and after first byte), MiB received over time per pair, and peak RSS
 * of each Seedling side at the two file sizes.
 */
import { MiB } from './lib/files.mjs';
import { writeSvg } from './lib/results.mjs';
import { barChart, lineChart } from './lib/svg.mjs';

/** Write transfer-rates.svg, transfer-progress.svg and transfer-rss.svg. */
export function writeTransferCharts(result) {
  const ran = result.pairs.filter((p) => p.averageMBps !== undefined);
  const size = `${result.bytes / MiB} MiB`;
  writeSvg(
    'transfer-rates.svg',
    barChart({
      title: `Loopback transfer, ${size} v1, 256 KiB pieces`,
      xLabel: 'seeder → downloader',
      yLabel: 'MB/s',
      categories: ran.map((p) => p.pair.replace('qbittorrent', 'qbit').replace('transmission', 'transm.')),
      series: [
        { name: 'average', values: ran.map((p) => p.averageMBps) },
        { name: 'after 1st byte', values: ran.map((p) => p.steadyMBps) },
      ],
    }),
  );
  writeSvg(
    'transfer-progress.svg',
    lineChart({
      title: `Received over time, ${size}`,
      xLabel: 'seconds since the downloader started',
      yLabel: 'MiB written',
      series: ran.map((p) => ({ name: p.pair.replace('qbittorrent', 'qbit').replace('transmission', 'transm.'), points: p.progress })),
    }),
  );
  const ours = ran.find((p) => p.pair === 'seedling → seedling');
  const small = result.small.find((p) => p.averageMBps !== undefined);
  if (!ours && !small) return;
  const sizes = [small ? `${result.smallBytes / MiB} MiB` : null, ours ? size : null].filter(Boolean);
  const pick = (k) => [small?.[k], ours?.[k]].filter((v) => v !== undefined);
  writeSvg(
    'transfer-rss.svg',
    barChart({
      title: 'Peak RSS of each Seedling process',
      xLabel: 'file size',
      yLabel: 'MB (VmHWM)',
      categories: sizes,
      series: [
        { name: 'seeder', values: pick('seederPeakRssMB') },
        { name: 'downloader', values: pick('getterPeakRssMB') },
      ],
    }),
  );
}
