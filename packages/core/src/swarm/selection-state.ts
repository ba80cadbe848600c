/**
 * @module swarm/selection-state — a swarm's file priorities and streaming cursor (the state
 * behind `Swarm.setFilePriorities` / `streamFrom`; the effects are in file-selection.ts).
 */
import { SwarmError } from './errors.js';
import { applySelection, clampPriority, refocusRequests, sequentialPiece, type SequentialFrom } from './file-selection.js';
import type { Swarm } from './swarm.js';

/** Per-file priorities (0 = skip, 1 = normal, higher first) and the sequential cursor of one swarm. */
export class SelectionState {
  readonly #s: Swarm;
  #priorities: number[];
  #sequential: number | null = null;

  constructor(s: Swarm, initial: readonly number[]) {
    this.#s = s;
    this.#priorities = initial.map(clampPriority);
  }

  /** Whether any priority was set (otherwise every file is wanted at normal priority). */
  get hasPriorities(): boolean {
    return this.#priorities.length > 0;
  }

  /** One priority per file of the torrent (or per entry set so far, before the metadata). */
  get priorities(): readonly number[] {
    const n = this.#s.torrent?.files.length ?? this.#priorities.length;
    return Array.from({ length: n }, (_, i) => this.#priorities[i] ?? 1);
  }

  setAll(priorities: readonly number[]): void {
    this.#priorities = priorities.map(clampPriority);
    applySelection(this.#s);
  }

  setOne(file: number, priority: number): void {
    const t = this.#s.torrent;
    if (!Number.isInteger(file) || file < 0 || (t && file >= t.files.length)) {
      throw new SwarmError('SWARM_BAD_SELECTION', `file ${file} is not in the torrent`);
    }
    const next = [...this.priorities];
    while (next.length <= file) next.push(1);
    next[file] = clampPriority(priority);
    this.#priorities = next;
    applySelection(this.#s);
  }

  /** The piece sequential picking starts from, or null (rarest first). */
  get sequential(): number | null {
    return this.#sequential;
  }

  streamFrom(from: SequentialFrom | null): void {
    const s = this.#s;
    if (!s.torrent || !s.scheduler) return;
    this.#sequential = from === null ? null : sequentialPiece(s.torrent, from);
    s.scheduler.setSequential(this.#sequential);
    if (this.#sequential !== null) refocusRequests(s, this.#sequential);
    for (const peer of s.peers) s.fillRequests(peer);
  }
}
