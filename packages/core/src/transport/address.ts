/** @module transport/address — parsing and formatting `host:port` and `[v6]:port` addresses. */
import { TransportError } from './errors.js';

/** A parsed transport address. */
export interface HostPort {
  /** Host without brackets: `127.0.0.1`, `::1`, `example.org`. */
  readonly host: string;
  readonly port: number;
  /** 6 for a bracketed IPv6 literal, 4 for a dotted quad, 0 for a name. */
  readonly family: 4 | 6 | 0;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parses `127.0.0.1:6881`, `[::1]:6881` or `name:6881`; throws `TRANSPORT_BAD_ADDRESS`. */
export function parseHostPort(address: string): HostPort {
  const bad = (why: string): TransportError => new TransportError('TRANSPORT_BAD_ADDRESS', `bad address ${JSON.stringify(address)}: ${why}`);
  let host: string;
  let portText: string;
  let family: 4 | 6 | 0;
  if (address.startsWith('[')) {
    const close = address.indexOf(']');
    if (close < 0 || address[close + 1] !== ':') throw bad('expected [ipv6]:port');
    host = address.slice(1, close);
    portText = address.slice(close + 2);
    if (!/^[0-9a-fA-F:.]+(%[\w.-]+)?$/.test(host) || !host.includes(':')) throw bad('not an IPv6 literal');
    family = 6;
  } else {
    const colon = address.lastIndexOf(':');
    if (colon <= 0) throw bad('expected host:port');
    host = address.slice(0, colon);
    portText = address.slice(colon + 1);
    if (host.includes(':')) throw bad('IPv6 literals need brackets');
    const m = IPV4.exec(host);
    if (m) {
      if (m.slice(1).some((o) => Number(o) > 255)) throw bad('IPv4 octet over 255');
      family = 4;
    } else {
      if (!/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(host)) throw bad('not a host name');
      family = 0;
    }
  }
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) throw bad('port must be 0..65535');
  return { host, port: Number(portText), family };
}

/** Formats a host and port, bracketing IPv6 literals: `[::1]:6881`. */
export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
