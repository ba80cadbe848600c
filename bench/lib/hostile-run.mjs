/**
 * @module bench/lib/hostile-run — child process running the hostile peers of bench/hostile.mjs
 * (in their own process, so their CPU and event loop are measured apart from the bench's).
 *
 *   node bench/lib/hostile-run.mjs seeder <port> <infoHashHex> <pieceCount> <pieceLength>
 *     dials the seeder at 127.0.0.1:<port> with flood, junk, slowloris and liar attackers;
 *   node bench/lib/hostile-run.mjs downloader - <infoHashHex> <pieceCount> <pieceLength>
 *     listens as corrupt, stall, dribble and junk "seeders" and prints their ports.
 *
 * BENCH_HOSTILE_ONLY=corrupt,stall (names as above) runs only those attackers.
 * Prints {"event":"ready",...} when running, and {"event":"stats",...} on SIGTERM/SIGINT, then exits 0.
 */
import { dialFlood, dialJunk, dialLiar, dialSlowloris, serveCorrupt, serveDribble, serveJunk, serveStall } from './hostile-peers.mjs';

const [side, port, infoHash, pieceCount, pieceLength] = process.argv.slice(2);
const t = { infoHash, pieceCount: Number(pieceCount), pieceLength: Number(pieceLength) };
if (!/^[0-9a-f]{40}$/.test(infoHash ?? '') || !(t.pieceCount > 0) || !(t.pieceLength > 0)) {
  console.error('usage: hostile-run.mjs seeder|downloader <port|-> <infoHashHex> <pieceCount> <pieceLength>');
  process.exit(2);
}

// BENCH_HOSTILE_ONLY=name,name runs only those attackers (to find which one does the damage).
const only = process.env.BENCH_HOSTILE_ONLY?.split(',');
const pick = (table) => Object.entries(table).filter(([name]) => !only || only.includes(name)).map(([, make]) => make());
const attackers =
  side === 'seeder'
    ? pick({ flood: () => dialFlood(Number(port), t), junk: () => dialJunk(Number(port), t), slowloris: () => dialSlowloris(Number(port), t), liar: () => dialLiar(Number(port), t) })
    : side === 'downloader'
      ? await Promise.all(pick({ corrupt: () => serveCorrupt(t), stall: () => serveStall(t), dribble: () => serveDribble(t), junk: () => serveJunk(t) }))
      : null;
if (!attackers) {
  console.error(`unknown side ${side}`);
  process.exit(2);
}
const emit = (event, data) => process.stdout.write(`${JSON.stringify({ event, ...data })}\n`);
emit('ready', { side, ports: attackers.filter((a) => a.port).map((a) => a.port), names: Object.fromEntries(attackers.filter((a) => a.port).map((a) => [a.port, a.stats.name])) });

const finish = () => {
  const stats = attackers.map((a) => ({ ...(a.snapshot ? a.snapshot() : a.stats) }));
  for (const a of attackers) a.stop();
  const cpu = process.cpuUsage();
  emit('stats', { attackers: stats, cpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100 });
  setTimeout(() => process.exit(0), 50);
};
process.on('SIGTERM', finish);
process.on('SIGINT', finish);
