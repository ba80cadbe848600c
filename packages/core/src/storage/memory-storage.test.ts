import { describe, expect, it } from 'vitest';
import { runStorageSuite } from '../testing/storage-suite.js';
import { createMemoryStorage } from './memory-storage.js';

runStorageSuite({ name: 'memory', create: (files) => createMemoryStorage()(files) });

describe('memory storage', () => {
  it('reports STORAGE_NO_SPACE past maxBytes', async () => {
    const s = await createMemoryStorage({ maxBytes: 65536 })([{ path: ['a'], length: 200_000, offset: 0 }]);
    await s.write(0, new Uint8Array(10));
    await expect(s.write(70_000, new Uint8Array(10))).rejects.toMatchObject({ code: 'STORAGE_NO_SPACE', name: 'StorageError' });
  });
});
