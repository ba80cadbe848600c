/**
 * @module tunnel/handshake — ephemeral ECDH + HKDF key agreement between the two tunnel peers.
 *
 * WebCrypto only (`globalThis.crypto.subtle`). The dialer offers an ephemeral public key for each
 * curve it supports (X25519, then P-256 as fallback for runtimes without X25519); the listener
 * picks the first it supports and answers with its own ephemeral key. Both derive the ECDH
 * secret, hash a transcript (protocol label, info-hash, both peer ids, both hello messages, which
 * hold both public keys) and run HKDF-SHA-256(secret, salt = transcript hash) into one
 * AES-256-GCM key per direction. No long-term identities: this defeats a passive relay; an
 * active relay can still sit in the middle unless the peers compare {@link SessionKeys.fingerprint}.
 */
import { TunnelError } from './errors.js';
import { LARGE_RECORD_PLAINTEXT, MAX_ENCODABLE_PLAINTEXT, MAX_RECORD_PLAINTEXT } from './record.js';

/** Curves in preference order; the number is the wire id. */
export const KeyAlgorithm = { X25519: 1, P256: 2 } as const;
/** A wire id of {@link KeyAlgorithm}. */
export type KeyAlgorithmId = (typeof KeyAlgorithm)[keyof typeof KeyAlgorithm];

/**
 * HELLO entry id (not a curve) whose 4-byte value (u32 big-endian) is the largest DATA plaintext
 * its sender accepts. Peers that predate it skip it like any unknown id, and it is part of the
 * transcript, so a relay that strips it changes the keys.
 */
const RECORD_SIZE_ENTRY = 0x40;
const HELLO_VERSION = 1;
const LABEL = 'seedling-tunnel/1';
const enc = new TextEncoder();

/** Who is who in the transcript. */
export interface HandshakeContext {
  infoHash: string;
  dialerPeerId: string;
  listenerPeerId: string;
}

/** Keys of one side of an established session. */
export interface SessionKeys {
  sendKey: CryptoKey;
  recvKey: CryptoKey;
  /** Raw 32 bytes of `sendKey`, for an injected record cipher (see {@link RecordCipherFactory}). */
  sendKeyBytes: Uint8Array;
  /** Raw 32 bytes of `recvKey`. */
  recvKeyBytes: Uint8Array;
  /** Hex SHA-256 of the transcript; equal on both sides unless someone sat in the middle. */
  fingerprint: string;
  algorithm: KeyAlgorithmId;
  /** Largest DATA plaintext the peer accepts: from its HELLO, else 64 KiB (peers that do not say). */
  peerMaxRecordPlaintext: number;
}

/** The dialer's pending offer: its hello bytes and the private keys behind them. */
export interface KeyOffer {
  hello: Uint8Array;
  privateKeys: Map<KeyAlgorithmId, CryptoKey>;
}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new TunnelError('UNSUPPORTED', 'WebCrypto (crypto.subtle) is not available');
  return s;
}

function params(alg: KeyAlgorithmId): EcKeyGenParams | Algorithm {
  return alg === KeyAlgorithm.X25519 ? { name: 'X25519' } : { name: 'ECDH', namedCurve: 'P-256' };
}

async function generate(alg: KeyAlgorithmId): Promise<CryptoKeyPair | undefined> {
  try {
    return (await subtle().generateKey(params(alg), true, ['deriveBits'])) as CryptoKeyPair;
  } catch {
    return undefined; // curve not supported by this runtime
  }
}

type Entry = { alg: KeyAlgorithmId; key: Uint8Array };

/** Encodes key entries plus the record-size entry announcing {@link LARGE_RECORD_PLAINTEXT}. */
function encodeHello(keys: Entry[]): Uint8Array {
  const size = new Uint8Array(4);
  new DataView(size.buffer).setUint32(0, LARGE_RECORD_PLAINTEXT);
  const entries: Array<{ alg: number; key: Uint8Array }> = [...keys, { alg: RECORD_SIZE_ENTRY, key: size }];
  const out = new Uint8Array(2 + entries.reduce((n, e) => n + 2 + e.key.length, 0));
  out[0] = HELLO_VERSION;
  out[1] = entries.length;
  let o = 2;
  for (const e of entries) {
    out[o++] = e.alg;
    out[o++] = e.key.length;
    out.set(e.key, o);
    o += e.key.length;
  }
  return out;
}

/** Parses a hello message's key entries; throws HANDSHAKE_FAILED when malformed. */
export function decodeHello(b: Uint8Array): Entry[] {
  return parseHello(b).entries;
}

/** Largest DATA plaintext a hello's sender accepts (64 KiB unless it says more; throws like {@link decodeHello}). */
export function helloMaxRecordPlaintext(b: Uint8Array): number {
  const said = parseHello(b).maxRecordPlaintext;
  return said === undefined || said < MAX_RECORD_PLAINTEXT ? MAX_RECORD_PLAINTEXT : Math.min(said, MAX_ENCODABLE_PLAINTEXT);
}

function parseHello(b: Uint8Array): { entries: Entry[]; maxRecordPlaintext: number | undefined } {
  const bad = (why: string): TunnelError => new TunnelError('HANDSHAKE_FAILED', `bad hello: ${why}`);
  if (b.length < 2 || b[0] !== HELLO_VERSION) throw bad('version');
  const n = b[1]!;
  if (n < 1 || n > 4) throw bad('key count');
  const out: Entry[] = [];
  let maxRecordPlaintext: number | undefined;
  let o = 2;
  for (let i = 0; i < n; i++) {
    if (o + 2 > b.length) throw bad('truncated');
    const alg = b[o++]!;
    const len = b[o++]!;
    if (o + len > b.length) throw bad('truncated key');
    if (alg === KeyAlgorithm.X25519 || alg === KeyAlgorithm.P256) out.push({ alg, key: b.subarray(o, o + len) });
    else if (alg === RECORD_SIZE_ENTRY && len === 4) maxRecordPlaintext = ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
    o += len;
  }
  if (o !== b.length) throw bad('trailing bytes');
  return { entries: out, maxRecordPlaintext };
}

/**
 * Dialer: generates ephemeral keys for every supported curve of `algorithms` (default: X25519,
 * then P-256) and the hello that offers them.
 */
export async function createKeyOffer(algorithms: readonly KeyAlgorithmId[] = [KeyAlgorithm.X25519, KeyAlgorithm.P256]): Promise<KeyOffer> {
  const privateKeys = new Map<KeyAlgorithmId, CryptoKey>();
  const entries: Entry[] = [];
  for (const alg of algorithms) {
    const pair = await generate(alg);
    if (!pair) continue;
    privateKeys.set(alg, pair.privateKey);
    entries.push({ alg, key: new Uint8Array(await subtle().exportKey('raw', pair.publicKey)) });
  }
  if (entries.length === 0) throw new TunnelError('UNSUPPORTED', 'neither X25519 nor P-256 ECDH is available');
  return { hello: encodeHello(entries), privateKeys };
}

async function derive(
  alg: KeyAlgorithmId,
  privateKey: CryptoKey,
  peerPublic: Uint8Array,
  dialerHello: Uint8Array,
  listenerHello: Uint8Array,
  ctx: HandshakeContext,
  isDialer: boolean,
): Promise<SessionKeys> {
  const s = subtle();
  let secret: ArrayBuffer;
  try {
    const pub = await s.importKey('raw', peerPublic as Uint8Array<ArrayBuffer>, params(alg), false, []);
    const name = alg === KeyAlgorithm.X25519 ? 'X25519' : 'ECDH';
    secret = await s.deriveBits({ name, public: pub } as EcdhKeyDeriveParams, privateKey, 256);
  } catch (cause) {
    throw new TunnelError('HANDSHAKE_FAILED', 'invalid peer public key', { cause });
  }
  const parts = [enc.encode(LABEL), enc.encode(ctx.infoHash), enc.encode(ctx.dialerPeerId), enc.encode(ctx.listenerPeerId), dialerHello, listenerHello];
  const transcript = new Uint8Array(parts.reduce((n, p) => n + 2 + p.length, 0));
  let o = 0;
  for (const p of parts) {
    transcript[o++] = p.length >>> 8;
    transcript[o++] = p.length & 0xff;
    transcript.set(p, o);
    o += p.length;
  }
  const salt = await s.digest('SHA-256', transcript);
  const ikm = await s.importKey('raw', secret, 'HKDF', false, ['deriveBits']);
  // HKDF bits, then an AES-GCM key: the same key deriveKey would give, with its raw bytes kept
  // for a native record cipher (Node's node:crypto fast path).
  const key = async (info: string): Promise<[CryptoKey, Uint8Array]> => {
    const bits = new Uint8Array(await s.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info: enc.encode(`${LABEL} ${info}`) }, ikm, 256));
    return [await s.importKey('raw', bits, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']), bits];
  };
  const [d2l, l2d] = await Promise.all([key('dialer->listener'), key('listener->dialer')]);
  const [send, recv] = isDialer ? [d2l, l2d] : [l2d, d2l];
  const fingerprint = Array.from(new Uint8Array(salt), (b) => b.toString(16).padStart(2, '0')).join('');
  const peerMaxRecordPlaintext = helloMaxRecordPlaintext(isDialer ? listenerHello : dialerHello);
  return { sendKey: send[0], recvKey: recv[0], sendKeyBytes: send[1], recvKeyBytes: recv[1], fingerprint, algorithm: alg, peerMaxRecordPlaintext };
}

/** Listener: answers a dialer's hello; returns its own hello (to send) and the session keys. */
export async function answerKeyOffer(dialerHello: Uint8Array, ctx: HandshakeContext): Promise<{ hello: Uint8Array; keys: SessionKeys }> {
  const offered = decodeHello(dialerHello);
  for (const entry of offered) {
    const pair = await generate(entry.alg);
    if (!pair) continue;
    const hello = encodeHello([{ alg: entry.alg, key: new Uint8Array(await subtle().exportKey('raw', pair.publicKey)) }]);
    const keys = await derive(entry.alg, pair.privateKey, entry.key, dialerHello, hello, ctx, false);
    return { hello, keys };
  }
  throw new TunnelError('HANDSHAKE_FAILED', 'no common key-agreement curve');
}

/** Dialer: completes its offer with the listener's answer. */
export async function completeKeyOffer(offer: KeyOffer, listenerHello: Uint8Array, ctx: HandshakeContext): Promise<SessionKeys> {
  const answer = decodeHello(listenerHello);
  const chosen = answer.length === 1 ? answer[0] : undefined;
  const priv = chosen ? offer.privateKeys.get(chosen.alg) : undefined;
  if (!chosen || !priv) throw new TunnelError('HANDSHAKE_FAILED', 'listener chose a curve that was not offered');
  return derive(chosen.alg, priv, chosen.key, offer.hello, listenerHello, ctx, true);
}
