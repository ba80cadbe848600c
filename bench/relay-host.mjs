/**
 * @module bench/relay-host — child process of bench/relay.mjs: hosts one tracker (the Seedling
 * relay, or bittorrent-tracker's server for comparison) on 127.0.0.1 and reports its own memory
 * (after forced GC) over IPC, so memory is measured inside the tracker process.
 * Usage (forked with --expose-gc): relay-host.mjs seedling|reference
 */
const mode = process.argv[2];
let port;
let close;
if (mode === 'seedling') {
  const { startRelay } = await import('../apps/relay/dist/index.js');
  const relay = await startRelay({ host: '127.0.0.1', port: 0, maxConnections: 30_000, maxConnectionsPerIp: 30_000 });
  port = relay.port;
  close = () => relay.close();
} else {
  const { default: Server } = await import('../apps/relay/node_modules/bittorrent-tracker/server.js');
  const server = new Server({ udp: false, http: false, ws: true, stats: false });
  server.on('warning', () => {});
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = server.http.address().port;
  close = () => new Promise((resolve) => server.close(resolve));
}

function memory() {
  for (let i = 0; i < 3; i++) globalThis.gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
}

process.on('message', async (msg) => {
  if (msg === 'mem') process.send({ type: 'mem', ...memory() });
  if (msg === 'cpu') process.send({ type: 'cpu', ...process.cpuUsage() });
  if (msg === 'close') {
    await close();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready', port, gc: typeof globalThis.gc === 'function' });
