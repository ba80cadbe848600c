/**
 * @module stores/create-torrents-store — every transfer of this browser (shared and received):
 * starts and stops the engine's swarms, keeps the list (localStorage) and the relay's state.
 * Receives resume on load; shares wait for their files to be picked again.
 */
import { createStore, produce } from 'solid-js/store';
import type { Engine } from '../lib/engine.js';
import { explainError } from '../lib/explain-error.js';
import { runReceive, dataRoot, infoPath } from '../lib/run-receive.js';
import { hashShare, linksFor, seedShare, type RunningTransfer } from '../lib/run-share.js';
import { loadSavedTransfers, newTransfer, storeSavedTransfers } from '../lib/saved-transfers.js';
import { magnetFromInput, shareLinkFor, transferIdOf } from '../lib/share-link.js';
import type { PickedFile } from '../lib/source-files.js';
import type { Transfer, TransferPatch } from '../lib/transfer-types.js';
import { opfsRemove } from '@seedling/core/browser';

/** Torrents state. */
export interface TorrentsState {
  transfers: Transfer[];
  /** `unauthorized`: a private relay refused our access token (or we have none). */
  relay: 'connecting' | 'open' | 'closed' | 'unauthorized';
  /** Bytes hashed / total of the share being prepared, or null. */
  hashing: { done: number; total: number } | null;
}

/** The torrents store. */
export interface TorrentsStore {
  readonly state: TorrentsState;
  find(id: string): Transfer | undefined;
  /** Hash and seed files; resolves to the transfer id. */
  share(picked: readonly PickedFile[]): Promise<string>;
  /** Start receiving a share link or magnet; resolves to the transfer id (throws BadLinkError). */
  receive(input: string): string;
  remove(id: string): Promise<void>;
  setRelay(state: TorrentsState['relay']): void;
}

/** Create the store over `engine`, for links on `origin` (the relay's origin, with `?token=` for a private relay). */
export function createTorrentsStore(engine: Engine, origin: string, trackerUrl: string): TorrentsStore {
  const saved = loadSavedTransfers();
  const [state, setState] = createStore<TorrentsState>({
    transfers: saved.map((s) => newTransfer({ ...s, state: s.kind === 'share' ? 'needs-files' : 'checking' })),
    relay: 'connecting',
    hashing: null,
  });
  const running = new Map<string, RunningTransfer>();
  const persist = (): void => storeSavedTransfers(state.transfers);
  const patch = (id: string) => (p: TransferPatch) => {
    setState('transfers', (t) => t.id === id, produce((t) => Object.assign(t, p)));
    if (p.state === 'complete') persist();
  };
  const fail = (id: string) => (err: unknown) => patch(id)({ state: 'error', error: explainError(err) });
  const startReceive = (t: Pick<Transfer, 'id' | 'magnet'>): void => {
    runReceive(engine, t.id, t.magnet, patch(t.id)).then((r) => running.set(t.id, r), fail(t.id));
  };
  for (const t of state.transfers) if (t.kind === 'receive') startReceive(t);

  const store: TorrentsStore = {
    state,
    find: (id) => state.transfers.find((t) => t.id === id),
    async share(picked) {
      const total = picked.reduce((n, p) => n + p.file.size, 0);
      setState('hashing', { done: 0, total });
      try {
        const { metainfo, torrent } = await hashShare(engine, picked, trackerUrl, (done) => setState('hashing', { done, total }));
        const { id, magnet, shareLink } = linksFor(metainfo, origin);
        await running.get(id)?.stop();
        const fields = { id, kind: 'share' as const, name: metainfo.name, magnet, shareLink, state: 'seeding' as const, length: metainfo.length, verified: metainfo.length };
        if (store.find(id)) patch(id)({ ...fields, error: undefined });
        else setState('transfers', (l) => [newTransfer(fields), ...l]);
        persist();
        running.set(id, await seedShare(engine, metainfo, torrent, picked, patch(id)));
        return id;
      } finally {
        setState('hashing', null);
      }
    },
    receive(input) {
      const { magnet, link } = magnetFromInput(input);
      const id = transferIdOf(link);
      if (store.find(id)) return id;
      const shareLink = shareLinkFor(origin, magnet);
      setState('transfers', (l) => [newTransfer({ id, kind: 'receive', name: link.name ?? 'Incoming files', magnet, shareLink, state: 'metadata', length: link.length ?? 0 }), ...l]);
      persist();
      startReceive({ id, magnet });
      return id;
    },
    async remove(id) {
      const t = store.find(id);
      await running.get(id)?.stop();
      running.delete(id);
      setState('transfers', (l) => l.filter((x) => x.id !== id));
      persist();
      for (const f of t?.files ?? []) if (f.url) URL.revokeObjectURL(f.url);
      if (t?.kind === 'receive') await Promise.all([opfsRemove(dataRoot(id)), opfsRemove(infoPath(id))]).catch(() => undefined);
      await opfsRemove(['torrents', `${id}.torrent`]).catch(() => undefined);
    },
    setRelay(relay) {
      setState('relay', relay);
    },
  };
  return store;
}
