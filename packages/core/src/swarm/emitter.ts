/** @module swarm/emitter — a minimal typed event emitter (platform-free, no Node `events`). */

/** Map of event name → payload type. */
export type EventMap = { [event: string]: unknown };

/** Subscribe/unsubscribe surface exposed to callers. */
export interface TypedEvents<E extends EventMap> {
  /** Registers `fn`; returns a function that removes it. */
  on<K extends keyof E>(event: K, fn: (payload: E[K]) => void): () => void;
  off<K extends keyof E>(event: K, fn: (payload: E[K]) => void): void;
}

/** Synchronous emitter; a throwing listener does not stop the others. */
export class Emitter<E extends EventMap> implements TypedEvents<E> {
  readonly #listeners = new Map<keyof E, Set<(payload: never) => void>>();

  on<K extends keyof E>(event: K, fn: (payload: E[K]) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(fn as (payload: never) => void);
    return () => this.off(event, fn);
  }

  off<K extends keyof E>(event: K, fn: (payload: E[K]) => void): void {
    this.#listeners.get(event)?.delete(fn as (payload: never) => void);
  }

  emit<K extends keyof E>(event: K, payload: E[K]): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    for (const fn of [...set]) {
      try {
        (fn as (p: E[K]) => void)(payload);
      } catch {
        // Listener errors are the listener's problem; the engine keeps running.
      }
    }
  }
}
