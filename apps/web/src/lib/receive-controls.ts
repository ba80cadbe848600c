/**
 * @module lib/receive-controls — what the UI and the stream server can ask of a running
 * receive (choose files, play one while it downloads, read a file's bytes as they arrive),
 * looked up by transfer id. run-receive registers a transfer while its swarm runs.
 */

/** Controls of one running receive. */
export interface ReceiveControls {
  /** Download file `index` (torrent file index) or skip it; applies to the running download. */
  select(index: number, selected: boolean): void;
  /** Get file `index` first and in order (sequential picking), for playing while downloading. */
  play(index: number): void;
  /**
   * Bytes `start`..`end` (inclusive) of file `index`, streamed as verified pieces arrive (a read
   * of missing data moves the sequential cursor there: a seek). Cancel the stream to stop.
   */
  open(index: number, start: number, end: number): ReadableStream<Uint8Array>;
  /** Length of file `index`, or null when the metadata is not known or there is no such file. */
  fileLength(index: number): number | null;
  /** Name (last path component) of file `index`, or null. */
  fileName(index: number): string | null;
}

const running = new Map<string, ReceiveControls>();

/** Register the controls of receive `id`; returns the unregistration. */
export function registerReceive(id: string, controls: ReceiveControls): () => void {
  running.set(id, controls);
  return () => {
    if (running.get(id) === controls) running.delete(id);
  };
}

/** The controls of receive `id` while it runs. */
export function receiveControls(id: string): ReceiveControls | undefined {
  return running.get(id);
}
