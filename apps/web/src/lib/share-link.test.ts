/** @module lib/share-link.test — share links round-trip; pasted input is parsed or refused clearly. */
import { describe, expect, it } from 'vitest';
import { buildMagnet } from '@seedling/core';
import { BadLinkError, magnetFromInput, relayTrackerUrl, shareLinkBase, shareLinkFor, tokenFromAddress, transferIdOf } from './share-link.js';

const v1 = new Uint8Array(20).map((_, i) => i + 1);
const magnet = buildMagnet({ infoHashV1: v1, name: 'holiday photos.zip', trackers: ['ws://127.0.0.1:8000/announce'] });

describe('share links', () => {
  it('puts the magnet in the fragment and reads it back', () => {
    const link = shareLinkFor('http://127.0.0.1:8000/', magnet);
    expect(link.startsWith('http://127.0.0.1:8000/#magnet:?')).toBe(true);
    const { magnet: back, link: parsed } = magnetFromInput(link);
    expect(back).toBe(magnet);
    expect(parsed.name).toBe('holiday photos.zip');
    expect(transferIdOf(parsed)).toBe('0102030405060708090a0b0c0d0e0f1011121314');
  });
  it('accepts a bare magnet and a fragment', () => {
    expect(magnetFromInput(`  ${magnet}\n`).magnet).toBe(magnet);
    expect(magnetFromInput(`#${magnet}`).magnet).toBe(magnet);
  });
  it('refuses empty, foreign and damaged links with a BadLinkError', () => {
    expect(() => magnetFromInput('')).toThrow(BadLinkError);
    expect(() => magnetFromInput('https://example.com/page')).toThrow(/not a Seedling share link/);
    expect(() => magnetFromInput('magnet:?xt=urn:btih:zz')).toThrow(/damaged/);
  });
  it('carries a private relay\'s access token in the query, the magnet still in the fragment', () => {
    const base = shareLinkBase('http://127.0.0.1:8000', 'se cret&1');
    const link = shareLinkFor(base, magnet);
    expect(link).toBe(`http://127.0.0.1:8000/?token=se%20cret%261#${magnet}`);
    expect(tokenFromAddress(link)).toBe('se cret&1');
    expect(magnetFromInput(link).magnet).toBe(magnet);
    expect(shareLinkBase('http://127.0.0.1:8000', null)).toBe('http://127.0.0.1:8000');
    expect(shareLinkFor(shareLinkBase('http://127.0.0.1:8000', ''), magnet)).toBe(`http://127.0.0.1:8000/#${magnet}`);
    expect(tokenFromAddress('http://127.0.0.1:8000/#token=abc')).toBe('abc');
    expect(tokenFromAddress(`http://127.0.0.1:8000/#${magnet}`)).toBeNull();
    expect(tokenFromAddress('not a url')).toBeNull();
  });
  it('derives the relay tracker from the page origin', () => {
    expect(relayTrackerUrl('http://127.0.0.1:8000')).toBe('ws://127.0.0.1:8000/announce');
    expect(relayTrackerUrl('https://share.example.org')).toBe('wss://share.example.org/announce');
  });
});
