/**
 * @module lib/saved-transfers — the list of transfers, kept in localStorage so it survives a
 * reload (data lives in OPFS; runtime figures are not stored).
 */
import type { Transfer } from './transfer-types.js';

const KEY = 'seedling.transfers.v1';

/** What is stored per transfer. */
export type SavedTransfer = Pick<Transfer, 'id' | 'kind' | 'name' | 'magnet' | 'shareLink' | 'length' | 'createdAt'> & { complete: boolean };

/** Reads the saved list (empty when missing or damaged). */
export function loadSavedTransfers(storage: Pick<Storage, 'getItem'> = localStorage): SavedTransfer[] {
  try {
    const v: unknown = JSON.parse(storage.getItem(KEY) ?? '[]');
    if (!Array.isArray(v)) return [];
    return v.filter((t): t is SavedTransfer => typeof t?.id === 'string' && (t.kind === 'share' || t.kind === 'receive') && typeof t.magnet === 'string');
  } catch {
    return [];
  }
}

/** Saves the list. */
export function storeSavedTransfers(list: readonly Transfer[], storage: Pick<Storage, 'setItem'> = localStorage): void {
  const saved: SavedTransfer[] = list.map((t) => ({
    id: t.id,
    kind: t.kind,
    name: t.name,
    magnet: t.magnet,
    shareLink: t.shareLink,
    length: t.length,
    createdAt: t.createdAt,
    complete: t.state === 'complete' || t.kind === 'share',
  }));
  storage.setItem(KEY, JSON.stringify(saved));
}

/** A fresh transfer record with zeroed figures. */
export function newTransfer(fields: Pick<Transfer, 'id' | 'kind' | 'name' | 'magnet' | 'shareLink' | 'state'> & Partial<Transfer>): Transfer {
  return { length: 0, verified: 0, hashed: 0, downloaded: 0, uploaded: 0, resumed: 0, downloadRate: 0, uploadRate: 0, peers: 0, files: [], createdAt: Date.now(), ...fields };
}
