import { describe, expect, it } from 'vitest';
import { formatHostPort, parseHostPort } from './address.js';

describe('host:port addresses', () => {
  it.each([
    ['127.0.0.1:6881', { host: '127.0.0.1', port: 6881, family: 4 }],
    ['[::1]:6881', { host: '::1', port: 6881, family: 6 }],
    ['[fe80::1%eth0]:1', { host: 'fe80::1%eth0', port: 1, family: 6 }],
    ['example.org:0', { host: 'example.org', port: 0, family: 0 }],
    ['0.0.0.0:65535', { host: '0.0.0.0', port: 65535, family: 4 }],
  ])('parses %s', (text, expected) => {
    expect(parseHostPort(text)).toEqual(expected);
  });

  it.each(['', ':80', '127.0.0.1', '::1:80', '[::1]', '[::1]:', '[1.2.3.4]:5', 'a b:1', 'host:65536', 'host:1x', '256.0.0.1:1', '-host:1'])(
    'refuses %j with TRANSPORT_BAD_ADDRESS',
    (text) => {
      expect(() => parseHostPort(text)).toThrow(expect.objectContaining({ code: 'TRANSPORT_BAD_ADDRESS', name: 'TransportError' }));
    },
  );

  it('formats with brackets for IPv6', () => {
    expect(formatHostPort('::1', 80)).toBe('[::1]:80');
    expect(formatHostPort('10.0.0.1', 80)).toBe('10.0.0.1:80');
    expect(parseHostPort(formatHostPort('2001:db8::7', 9))).toEqual({ host: '2001:db8::7', port: 9, family: 6 });
  });
});
