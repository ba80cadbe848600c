/**
 * @module bench/relay-clients — child process of bench/relay.mjs: opens many WebSocket peers to
 * a tracker, each announcing one of `swarms` info-hashes, then on command runs announce rounds
 * and reports how long they took. Speaks the WebTorrent tracker JSON protocol over `ws`.
 * Usage: relay-clients.mjs URL COUNT SWARMS FIRST_INDEX
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../apps/relay/package.json', import.meta.url));
const WebSocket = require('ws');
const [url, countText, swarmsText, firstText] = process.argv.slice(2);
const count = Number(countText);
const swarms = Number(swarmsText);
const first = Number(firstText);

const peers = [];
let pendingReplies = 0;
let onDrained = null;

function infoHash(i) {
  const b = Buffer.alloc(20);
  b.writeUInt32BE(i % swarms);
  return b.toString('latin1');
}

function onMessage(data) {
  const m = JSON.parse(data.toString());
  if (m.action === 'announce' && m.complete !== undefined) {
    pendingReplies--;
    if (pendingReplies === 0 && onDrained) onDrained();
  }
}

function openPeer(i) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const peer = { ws, infoHash: infoHash(first + i), peerId: randomBytes(20).toString('latin1') };
    ws.on('open', () => {
      ws.on('message', onMessage);
      peers.push(peer);
      resolve();
    });
    ws.on('error', reject);
  });
}

function announceMsg(p, event, offers) {
  const msg = { action: 'announce', info_hash: p.infoHash, peer_id: p.peerId, numwant: offers, uploaded: 0, downloaded: 0, left: 1000, event };
  if (offers > 0) {
    msg.offers = Array.from({ length: offers }, () => ({ offer: { type: 'offer', sdp: `v=0\r\no=- ${Math.random()} 2 IN IP4 127.0.0.1\r\n${'a=x\r\n'.repeat(40)}` }, offer_id: randomBytes(20).toString('latin1') }));
  }
  return JSON.stringify(msg);
}

/** Sends `rounds` announces per peer and resolves when every reply arrived. */
function round(event, rounds, offers) {
  return new Promise((resolve) => {
    pendingReplies = peers.length * rounds;
    onDrained = resolve;
    for (let r = 0; r < rounds; r++) for (const p of peers) p.ws.send(announceMsg(p, event, offers));
  });
}

for (let i = 0; i < count; i += 200) {
  await Promise.all(Array.from({ length: Math.min(200, count - i) }, (_, k) => openPeer(i + k)));
}
await round('started', 1, 0);
process.send({ type: 'connected', peers: peers.length });

process.on('message', async (msg) => {
  if (msg.cmd === 'announce') {
    const start = performance.now();
    await round('update', msg.rounds, msg.offers);
    process.send({ type: 'done', announces: peers.length * msg.rounds, ms: performance.now() - start });
  }
  if (msg.cmd === 'close') {
    for (const p of peers) p.ws.terminate();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
