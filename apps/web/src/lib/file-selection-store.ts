/**
 * @module lib/file-selection-store — the file selection of each received transfer, kept in
 * localStorage so unticked files stay skipped after a reload (the data itself is in OPFS).
 */

const prefix = 'seedling.selection.v1.';

/** Per-file priorities of transfer `id` (empty: every file selected). */
export function loadSelection(id: string, storage: Pick<Storage, 'getItem'> = localStorage): number[] {
  try {
    const v: unknown = JSON.parse(storage.getItem(prefix + id) ?? '[]');
    return Array.isArray(v) && v.every((p) => typeof p === 'number') ? v : [];
  } catch {
    return [];
  }
}

/** Save the priorities of transfer `id`; an all-normal selection is removed (the default). */
export function storeSelection(id: string, priorities: readonly number[], storage: Pick<Storage, 'setItem' | 'removeItem'> = localStorage): void {
  if (priorities.every((p) => p === 1)) storage.removeItem(prefix + id);
  else storage.setItem(prefix + id, JSON.stringify(priorities));
}
