/**
 * @module bench/lib/reference — the reference BitTorrent clients as seeders and downloaders for
 * the transfer bench (commands from /work/shared/REFERENCE-CLIENTS.md): aria2c, transmission-daemon
 * and qbittorrent-nox, each with DHT/LPD/PEX/UPnP off and bound to 127.0.0.1, finding peers
 * through the tracker in the torrent. Every client is a child process killed by PID.
 * A downloader handle has `done()` (resolves when complete) and `stop()`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { start } from './procs.mjs';
import { freePort } from './seedling.mjs';

/** True when `cmd` is on the PATH. */
export function hasCommand(cmd) {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const ARIA_COMMON = ['--enable-dht=false', '--enable-dht6=false', '--bt-enable-lpd=false', '--enable-peer-exchange=false', '--interface=127.0.0.1', '--disable-ipv6=true', '--summary-interval=0', '--console-log-level=warn', '--bt-max-peers=0'];

/** aria2c seeding the data in `dataDir` (checked first). */
export async function aria2Seed(torrent, dataDir) {
  const port = await freePort();
  return start('aria2c', [`--dir=${dataDir}`, '--check-integrity=true', '--seed-ratio=0.0', '--seed-time=60', `--listen-port=${port}`, ...ARIA_COMMON, torrent], { name: 'aria2-seed' });
}

/** aria2c downloading into `outDir`; exits 0 when complete. */
export async function aria2Get(torrent, outDir) {
  const port = await freePort();
  const proc = start('aria2c', [`--dir=${outDir}`, '--seed-time=0', `--listen-port=${port}`, '--file-allocation=none', ...ARIA_COMMON, torrent], { name: 'aria2-get' });
  return {
    proc,
    done: async () => {
      const code = await proc.exited;
      if (code !== 0) throw new Error(`aria2c exited ${code}: ${proc.lines.slice(-5).join(' | ')}`);
    },
  };
}

/** transmission-daemon with one torrent added from `dir` (seeding when the data is there). */
export async function transmission(torrent, dir, cfgDir) {
  const rpc = await freePort();
  mkdirSync(cfgDir, { recursive: true });
  const settings = {
    'dht-enabled': false,
    'lpd-enabled': false,
    'pex-enabled': false,
    'utp-enabled': false,
    'port-forwarding-enabled': false,
    'bind-address-ipv4': '127.0.0.1',
    'bind-address-ipv6': '::1',
    'peer-port': await freePort(),
    'peer-port-random-on-start': false,
    'rpc-bind-address': '127.0.0.1',
    'rpc-port': rpc,
    'rpc-authentication-required': false,
    'download-dir': dir,
    'incomplete-dir-enabled': false,
    'start-added-torrents': true,
    'speed-limit-up-enabled': false,
    'speed-limit-down-enabled': false,
    'ratio-limit-enabled': false,
    'message-level': 1,
  };
  writeFileSync(join(cfgDir, 'settings.json'), JSON.stringify(settings));
  const proc = start('transmission-daemon', ['-f', '-g', cfgDir], { name: 'transmission' });
  const remote = (...args) => execFileSync('transmission-remote', [`127.0.0.1:${rpc}`, ...args], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
  await until(() => {
    try {
      remote('-l');
      return true;
    } catch {
      return false;
    }
  }, 20_000, 'transmission RPC');
  remote('-a', torrent, '-w', dir);
  return { proc, done: () => until(() => /Percent Done: 100%/.test(remote('-t', '1', '-i')), 600_000, 'transmission done', 500) };
}

/** qbittorrent-nox with a fresh profile and one torrent added with save path `dir`. */
export async function qbittorrent(torrent, dir, profile) {
  const web = await freePort();
  const port = await freePort();
  const conf = [
    '[LegalNotice]',
    'Accepted=true',
    '',
    '[BitTorrent]',
    'Session\\DHTEnabled=false',
    'Session\\LSDEnabled=false',
    'Session\\PeXEnabled=false',
    'Session\\Interface=lo',
    'Session\\InterfaceName=lo',
    'Session\\InterfaceAddress=127.0.0.1',
    `Session\\Port=${port}`,
    'Session\\QueueingSystemEnabled=false',
    'Session\\BTProtocol=TCP',
    'Session\\GlobalMaxRatio=-1',
    '',
    '[Preferences]',
    'Connection\\UPnP=false',
    'WebUI\\Address=127.0.0.1',
    `WebUI\\Port=${web}`,
    'WebUI\\LocalHostAuth=false',
    'WebUI\\CSRFProtection=false',
    'WebUI\\HostHeaderValidation=false',
    '',
  ].join('\n');
  for (const d of [join(profile, 'qBittorrent', 'config'), join(profile, 'qBittorrent')]) {
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'qBittorrent.conf'), conf);
  }
  const proc = start('qbittorrent-nox', [`--profile=${profile}`, `--webui-port=${web}`], { name: 'qbittorrent' });
  const api = `http://127.0.0.1:${web}/api/v2`;
  await until(async () => (await fetch(`${api}/app/version`).catch(() => null))?.ok === true, 30_000, 'qbittorrent web API');
  const form = new FormData();
  form.append('torrents', new Blob([readFileSync(torrent)]), 'bench.torrent');
  form.append('savepath', dir);
  const res = await fetch(`${api}/torrents/add`, { method: 'POST', body: form });
  if (!res.ok) throw new Error(`qbittorrent add: HTTP ${res.status}`);
  const progress = async () => (await (await fetch(`${api}/torrents/info`)).json())[0]?.progress ?? 0;
  return { proc, done: () => until(async () => (await progress()) >= 1, 600_000, 'qbittorrent done', 250) };
}

/** Poll `check` every `ms` until true (or throw after `timeoutMs`). */
export async function until(check, timeoutMs, what, ms = 200) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, ms));
  }
  throw new Error(`timed out waiting for ${what}`);
}
