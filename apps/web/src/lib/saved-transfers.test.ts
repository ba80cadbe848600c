/** @module lib/saved-transfers.test — the transfers list round-trips and survives damage. */
import { describe, expect, it } from 'vitest';
import { loadSavedTransfers, newTransfer, storeSavedTransfers } from './saved-transfers.js';

function memory(): Pick<Storage, 'getItem' | 'setItem'> & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('saved transfers', () => {
  it('keeps identity and links, drops runtime figures', () => {
    const s = memory();
    const t = newTransfer({ id: 'ab', kind: 'receive', name: 'x.bin', magnet: 'magnet:?xt=urn:btih:ab', shareLink: 'http://h/#magnet:?xt=urn:btih:ab', state: 'downloading', downloadRate: 5, length: 10 });
    storeSavedTransfers([t], s);
    const [back] = loadSavedTransfers(s);
    expect(back).toEqual({ id: 'ab', kind: 'receive', name: 'x.bin', magnet: t.magnet, shareLink: t.shareLink, length: 10, createdAt: t.createdAt, complete: false });
  });
  it('marks finished receives complete', () => {
    const s = memory();
    storeSavedTransfers([newTransfer({ id: 'cd', kind: 'receive', name: 'y', magnet: 'magnet:?', shareLink: '', state: 'complete' })], s);
    expect(loadSavedTransfers(s)[0]!.complete).toBe(true);
  });
  it('returns an empty list for damaged data and skips bad entries', () => {
    const s = memory();
    s.data.set('seedling.transfers.v1', '{not json');
    expect(loadSavedTransfers(s)).toEqual([]);
    s.data.set('seedling.transfers.v1', JSON.stringify([{ id: 1 }, { id: 'ok', kind: 'share', magnet: 'm' }]));
    expect(loadSavedTransfers(s).map((t) => t.id)).toEqual(['ok']);
  });
});
