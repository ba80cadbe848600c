/** @module lib/relay-trackers.test — the relay tracker URLs the CLI lists in magnets and .torrent files (lib/session). */
import { describe, expect, it } from 'vitest';
import { CliError } from './errors.js';
import { relayTrackerUrls, relayWebSocketTrackerUrl } from './session.js';

describe('relay trackers', () => {
  it('an http relay: http then ws, same host, port and path', () => {
    expect(relayTrackerUrls('http://127.0.0.1:8000', true)).toEqual(['http://127.0.0.1:8000/announce', 'ws://127.0.0.1:8000/announce']);
    expect(relayTrackerUrls('http://relay.example/sub/', true)).toEqual(['http://relay.example/sub/announce', 'ws://relay.example/sub/announce']);
  });

  it('an https relay gets wss (default port left out)', () => {
    expect(relayWebSocketTrackerUrl('https://relay.example')).toBe('wss://relay.example/announce');
    expect(relayWebSocketTrackerUrl('https://relay.example:8443/')).toBe('wss://relay.example:8443/announce');
  });

  it('without WebRTC only the HTTP tracker', () => {
    expect(relayTrackerUrls('https://relay.example', false)).toEqual(['https://relay.example/announce']);
  });

  it('a relay that is not an http(s) URL is a usage error', () => {
    expect(() => relayTrackerUrls('ws://relay.example', true)).toThrow(CliError);
    expect(() => relayTrackerUrls('not a url', true)).toThrow(CliError);
  });
});
