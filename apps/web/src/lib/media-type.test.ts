import { describe, expect, it } from 'vitest';
import { loadSelection, storeSelection } from './file-selection-store.js';
import { mediaTypeOf } from './media-type.js';

describe('mediaTypeOf', () => {
  it('knows audio and video by extension, case-insensitively, and nothing else', () => {
    expect(mediaTypeOf('Movie.MP4')).toEqual({ kind: 'video', mime: 'video/mp4' });
    expect(mediaTypeOf('a/b/song.wav')).toEqual({ kind: 'audio', mime: 'audio/wav' });
    expect(mediaTypeOf('clip.webm')?.kind).toBe('video');
    expect(mediaTypeOf('notes.txt')).toBeNull();
    expect(mediaTypeOf('README')).toBeNull();
  });
});

describe('file selection store', () => {
  it('keeps a partial selection and forgets the default (all selected)', () => {
    const m = new Map<string, string>();
    const storage = { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) };
    expect(loadSelection('x', storage)).toEqual([]);
    storeSelection('x', [1, 0, 7], storage);
    expect(loadSelection('x', storage)).toEqual([1, 0, 7]);
    storeSelection('x', [1, 1, 1], storage);
    expect(m.size).toBe(0);
    m.set('seedling.selection.v1.y', '{broken');
    expect(loadSelection('y', storage)).toEqual([]);
  });
});
