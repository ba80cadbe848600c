/** @module base64 — base64 → bytes with `atob` (present in browsers, workers and Node ≥ 16). */

/** Decodes standard base64 into a new Uint8Array. */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
