/**
 * @module bench/lib/hostile-peers — scripted hostile BitTorrent peers for bench/hostile.mjs,
 * speaking raw BEP 3 over node:net (no Seedling code, so they can send what a real attacker
 * would). The same ideas as tests/hostile/helpers/raw-peer.ts (which is TypeScript and cannot be
 * imported by a plain Node 20 bench), extended with persistent attack loops: every attacker
 * reconnects when the victim drops it and counts what happened.
 *
 * Against a seeder (`dial*`): `flood` (request storms), `junk` (unrequested blocks and malformed
 * frames), `slowloris` (many connections that dribble or stall their handshake), `liar` (bitfields
 * with wrong length / spare bits, out-of-range haves). Against a downloader (`serve*`, listeners
 * it is told to dial): `corrupt` (claims every piece, serves random bytes), `stall` (claims every
 * piece, unchokes, never answers), `dribble` (serves random bytes at 2 KiB/s), `junk`.
 */
import { randomBytes } from 'node:crypto';
import { connect, createServer } from 'node:net';

/** BEP 3 message ids. */
export const Id = { choke: 0, unchoke: 1, interested: 2, notInterested: 3, have: 4, bitfield: 5, request: 6, piece: 7, cancel: 8 };
const BLOCK = 16 * 1024;

/** A BEP 3 handshake for `infoHashHex` with `peerId` (20 chars). */
export function handshake(infoHashHex, peerId) {
  const b = Buffer.alloc(68);
  b[0] = 19;
  b.write('BitTorrent protocol', 1, 'latin1');
  Buffer.from(infoHashHex, 'hex').copy(b, 28);
  b.write(peerId.padEnd(20, 'x').slice(0, 20), 48, 'latin1');
  return b;
}

/** One framed message: length prefix, id, payload. */
export function frame(id, payload = Buffer.alloc(0)) {
  const b = Buffer.alloc(5 + payload.length);
  b.writeUInt32BE(1 + payload.length, 0);
  b[4] = id;
  payload.copy(b, 5);
  return b;
}

/** index/begin/length payload of request, cancel (and the head of piece). */
export function blockRef(index, begin, length) {
  const b = Buffer.alloc(12);
  b.writeUInt32BE(index, 0);
  b.writeUInt32BE(begin, 4);
  b.writeUInt32BE(length, 8);
  return b;
}

/** A bitfield claiming all `pieceCount` pieces; `spare` also sets the must-be-zero trailing bits. */
export function fullBitfield(pieceCount, spare = false) {
  const b = Buffer.alloc(Math.ceil(pieceCount / 8));
  const bits = spare ? b.length * 8 : pieceCount;
  for (let i = 0; i < bits; i++) b[i >> 3] |= 0x80 >> (i & 7);
  return b;
}

/** A piece message carrying `data` for (index, begin). */
function pieceMsg(index, begin, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(index, 0);
  head.writeUInt32BE(begin, 4);
  return frame(Id.piece, Buffer.concat([head, data]));
}

/** Frame parser for one socket: calls `onMsg(id, payload)` after the 68-byte handshake. */
function reader(socket, stats, onMsg, onHandshake) {
  let buf = Buffer.alloc(0);
  let shook = false;
  socket.on('data', (d) => {
    stats.bytesIn += d.length;
    buf = buf.length ? Buffer.concat([buf, d]) : d;
    if (!shook) {
      if (buf.length < 68) return;
      shook = true;
      onHandshake?.(buf.subarray(0, 68));
      buf = buf.subarray(68);
    }
    while (buf.length >= 4) {
      const len = buf.readUInt32BE(0);
      if (buf.length < 4 + len) break;
      if (len > 0) onMsg?.(buf[4], buf.subarray(5, 4 + len));
      buf = buf.subarray(4 + len);
    }
  });
}

function newStats(name) {
  return { name, connects: 0, dropped: 0, bytesIn: 0, bytesOut: 0, messagesOut: 0 };
}

/**
 * Keep one attack connection to `port` alive: dial, run `script(socket, send, stats)`, and when the
 * victim closes it, dial again after `backoffMs`. Returns stats and a stop function.
 */
function persistent(name, port, script, backoffMs = 100) {
  const stats = newStats(name);
  let stopped = false;
  let current = null;
  const cleanups = new Set();
  const open = () => {
    if (stopped) return;
    const socket = connect(port, '127.0.0.1');
    current = socket;
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    socket.once('connect', () => {
      stats.connects++;
      const send = (b) => {
        if (socket.destroyed) return false;
        stats.bytesOut += b.length;
        stats.messagesOut++;
        return socket.write(b);
      };
      const cleanup = script(socket, send, stats);
      if (cleanup) cleanups.add(cleanup);
      socket.once('close', () => {
        if (cleanup) {
          cleanup();
          cleanups.delete(cleanup);
        }
      });
    });
    socket.once('close', () => {
      if (stopped) return;
      stats.dropped++;
      setTimeout(open, backoffMs);
    });
  };
  open();
  return {
    stats,
    stop() {
      stopped = true;
      for (const c of cleanups) c();
      current?.destroy();
    },
  };
}

/** Request storm: interested, then `burst` random requests every 5 ms whatever the choke state; reads and discards. */
export function dialFlood(port, t, burst = 200) {
  return persistent('flood', port, (socket, send, stats) => {
    reader(socket, stats);
    send(handshake(t.infoHash, '-HX0001-flood0000000'));
    send(frame(Id.interested));
    const timer = setInterval(() => {
      if (socket.writableLength > 4 * 1024 * 1024) return; // the victim stopped reading: do not buffer without end here
      const parts = [];
      for (let i = 0; i < burst; i++) {
        const index = Math.floor(Math.random() * t.pieceCount);
        const begin = Math.floor(Math.random() * (t.pieceLength / BLOCK)) * BLOCK;
        parts.push(frame(Id.request, blockRef(index, begin, BLOCK)));
      }
      send(Buffer.concat(parts));
    }, 5);
    return () => clearInterval(timer);
  });
}

/** Unrequested 16 KiB blocks of random bytes as fast as the socket drains, with a malformed frame (unknown id) every 16th. */
export function dialJunk(port, t) {
  return persistent('junk', port, (socket, send, stats) => {
    reader(socket, stats);
    send(handshake(t.infoHash, '-HX0001-junk00000000'));
    send(frame(Id.bitfield, Buffer.alloc(Math.ceil(t.pieceCount / 8))));
    const junk = randomBytes(BLOCK);
    let n = 0;
    const pump = () => {
      while (!socket.destroyed) {
        const msg = ++n % 16 === 0 ? frame(200 + (n % 50), randomBytes(64)) : pieceMsg(n % t.pieceCount, 0, junk);
        if (!send(msg)) return void socket.once('drain', pump);
      }
    };
    pump();
    return null;
  });
}

/**
 * Slowloris: `n` connections; half dribble the handshake one byte every 2 s, half complete it and
 * then only send a keep-alive every 60 s. Each is reopened when dropped.
 */
export function dialSlowloris(port, t, n = 40) {
  const conns = [];
  for (let i = 0; i < n; i++) {
    conns.push(
      persistent('slowloris', port, (socket, send, stats) => {
        reader(socket, stats);
        const hs = handshake(t.infoHash, `-HX0001-slow${String(i).padStart(8, '0')}`);
        if (i % 2 === 0) {
          let k = 0;
          const timer = setInterval(() => (k < hs.length ? send(hs.subarray(k, ++k)) : undefined), 2000);
          return () => clearInterval(timer);
        }
        send(hs);
        const timer = setInterval(() => send(Buffer.alloc(4)), 60_000);
        return () => clearInterval(timer);
      }, 500),
    );
  }
  const stats = newStats('slowloris');
  return {
    stats,
    snapshot() {
      for (const k of ['connects', 'dropped', 'bytesIn', 'bytesOut', 'messagesOut']) stats[k] = conns.reduce((a, c) => a + c.stats[k], 0);
      return stats;
    },
    stop: () => conns.forEach((c) => c.stop()),
  };
}

/** Lying bitfields, rotating per connection: spare bits set, wrong length, out-of-range haves; then requests. */
export function dialLiar(port, t) {
  let variant = 0;
  return persistent('liar', port, (socket, send, stats) => {
    reader(socket, stats);
    send(handshake(t.infoHash, '-HX0001-liar00000000'));
    const v = variant++ % 3;
    if (v === 0) send(frame(Id.bitfield, fullBitfield(t.pieceCount, true)));
    else if (v === 1) send(frame(Id.bitfield, Buffer.alloc(Math.ceil(t.pieceCount / 8) + 7, 0xff)));
    else for (let i = 0; i < 64; i++) send(frame(Id.have, Buffer.from([0xff, 0xff, 0xff, i])));
    send(frame(Id.interested));
    const timer = setInterval(() => send(frame(Id.request, blockRef(Math.floor(Math.random() * t.pieceCount), 0, BLOCK))), 20);
    return () => clearInterval(timer);
  });
}

/**
 * A listening hostile "seeder" for a downloader to dial: answers the handshake, claims every
 * piece, unchokes, then `onRequest(send, index, begin, length)` decides what to do with requests.
 */
async function listenHostile(name, t, peerId, onRequest, extra) {
  const stats = newStats(name);
  const sockets = new Set();
  const cleanups = new Set();
  const server = createServer((socket) => {
    stats.connects++;
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    const send = (b) => {
      if (socket.destroyed) return false;
      stats.bytesOut += b.length;
      stats.messagesOut++;
      return socket.write(b);
    };
    reader(socket, stats, (id, payload) => {
      if (id === Id.request && payload.length >= 12) onRequest(send, payload.readUInt32BE(0), payload.readUInt32BE(4), payload.readUInt32BE(8), socket);
    }, () => {
      send(handshake(t.infoHash, peerId));
      send(frame(Id.bitfield, fullBitfield(t.pieceCount)));
      send(frame(Id.unchoke));
      const c = extra?.(socket, send);
      if (c) cleanups.add(c);
    });
    socket.once('close', () => {
      stats.dropped++;
      sockets.delete(socket);
    });
  });
  await new Promise((res, rej) => server.once('error', rej).listen(0, '127.0.0.1', res));
  return {
    stats,
    port: server.address().port,
    stop() {
      for (const c of cleanups) c();
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

/** Claims every piece and answers each request at once with random bytes (every piece it touches fails its hash). */
export function serveCorrupt(t) {
  return listenHostile('corrupt', t, '-HX0001-corrupt00000', (send, index, begin, length) => send(pieceMsg(index, begin, randomBytes(Math.min(length, BLOCK)))));
}

/** Claims every piece, unchokes, and never answers a request. */
export function serveStall(t) {
  return listenHostile('stall', t, '-HX0001-stall0000000', () => undefined);
}

/** Serves random bytes for each request at 2 KiB/s (holds the requests as long as it can). */
export function serveDribble(t) {
  const queues = new Map();
  return listenHostile('dribble', t, '-HX0001-dribble00000', (send, index, begin, length, socket) => {
    if (!queues.has(socket)) {
      const q = [];
      queues.set(socket, q);
      const timer = setInterval(() => {
        const r = q[0];
        if (!r) return;
        const chunk = Math.min(2048, r.msg.length - r.sent);
        send(r.msg.subarray(r.sent, r.sent + chunk));
        r.sent += chunk;
        if (r.sent >= r.msg.length) q.shift();
      }, 1000);
      socket.once('close', () => clearInterval(timer));
    }
    queues.get(socket).push({ msg: pieceMsg(index, begin, randomBytes(Math.min(length, BLOCK))), sent: 0 });
  });
}

/** Claims every piece, then streams unrequested random blocks and malformed frames. */
export function serveJunk(t) {
  const junk = randomBytes(BLOCK);
  return listenHostile('junk', t, '-HX0001-junkserve000', () => undefined, (socket, send) => {
    let n = 0;
    const pump = () => {
      while (!socket.destroyed) {
        const msg = ++n % 16 === 0 ? frame(200 + (n % 50), randomBytes(64)) : pieceMsg(n % t.pieceCount, 0, junk);
        if (!send(msg)) return void socket.once('drain', pump);
      }
    };
    setImmediate(pump);
    return null;
  });
}
