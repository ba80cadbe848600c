/** @module http/ip — IP address text ⇄ bytes for compact peer lists (BEP 23 IPv4, BEP 7 IPv6). */

/** Strips the IPv4-mapped IPv6 prefix (`::ffff:1.2.3.4` → `1.2.3.4`) and zone ids. */
export function normalizeIp(ip: string): string {
  const lower = ip.toLowerCase();
  if (lower.startsWith('::ffff:') && parseIpv4(lower.slice(7))) return lower.slice(7);
  const zone = lower.indexOf('%');
  return zone >= 0 ? lower.slice(0, zone) : lower;
}

/** 4 bytes of a dotted-quad IPv4 address, or null. */
export function parseIpv4(s: string): Uint8Array | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i] as string;
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    out[i] = Number(p);
  }
  return out;
}

/** 16 bytes of an IPv6 address (with `::` and a trailing dotted quad allowed), or null. */
export function parseIpv6(s: string): Uint8Array | null {
  if (s.length > 45 || !/^[0-9a-fA-F:.]+$/.test(s)) return null;
  const words: number[] = [];
  let tail: number[] = [];
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string, into: number[]): boolean => {
    if (part === '') return true;
    const groups = part.split(':');
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i] as string;
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = parseIpv4(g);
        if (!v4) return false;
        into.push(((v4[0] as number) << 8) | (v4[1] as number), ((v4[2] as number) << 8) | (v4[3] as number));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) into.push(parseInt(g, 16));
      else return false;
    }
    return true;
  };
  if (!parse(halves[0] as string, words)) return null;
  if (halves.length === 2) {
    if (!parse(halves[1] as string, tail)) return null;
    if (words.length + tail.length > 7) return null;
    tail = [...new Array<number>(8 - words.length - tail.length).fill(0), ...tail];
  } else if (words.length !== 8) return null;
  const all = [...words, ...tail];
  const out = new Uint8Array(16);
  all.forEach((w, i) => {
    out[i * 2] = w >> 8;
    out[i * 2 + 1] = w & 0xff;
  });
  return out;
}

/** True for 127.0.0.0/8 and ::1. */
export function isLoopback(ip: string): boolean {
  const n = normalizeIp(ip);
  if (n.startsWith('127.') && parseIpv4(n)) return true;
  const v6 = parseIpv6(n);
  return !!v6 && v6.every((b, i) => (i === 15 ? b === 1 : b === 0));
}

/** Appends `ip:port` in compact form: 4+2 bytes (BEP 23) or 16+2 bytes (BEP 7). */
export function compactAddress(ip: Uint8Array, port: number): Uint8Array {
  const out = new Uint8Array(ip.length + 2);
  out.set(ip);
  out[ip.length] = port >> 8;
  out[ip.length + 1] = port & 0xff;
  return out;
}
