/** @module lib/explain-error — errors in words a person understands, matched on `code`/`name`. */

/** A sentence for the UI. */
export function explainError(err: unknown): string {
  const e = err as { code?: string; name?: string; message?: string; cause?: unknown } | null;
  const code = e?.code ?? '';
  const cause = e?.cause as { code?: string; name?: string } | undefined;
  if (code === 'STORAGE_NO_SPACE' || e?.name === 'QuotaExceededError' || cause?.code === 'STORAGE_NO_SPACE' || cause?.name === 'QuotaExceededError') {
    return 'Your browser has run out of storage space for this site. Free some space (remove old transfers) and try again.';
  }
  if (code === 'WEB_BAD_LINK') return e?.message ?? 'This link is not valid.';
  if (code.startsWith('MAGNET_')) return 'This link is damaged or incomplete. Ask for the link again.';
  if (code === 'STORAGE_READ_ONLY' || code === 'STORAGE_IO') return 'A shared file could not be read. Was it moved, changed or deleted? Pick it again.';
  if (code.startsWith('METAINFO_')) return `The files could not be prepared for sharing: ${e?.message ?? code}.`;
  if (code.startsWith('HASHER_')) return 'Hashing failed in this browser. Reload the page and try again.';
  return e?.message ?? String(err);
}

/** Why a private relay turned this page away (its tracker refused our access token, or we sent none). */
export function explainRelayRefusal(host: string, hadToken: boolean): string {
  return hadToken
    ? `Access token refused: the relay at ${host} is private and did not accept this page's access token. Check it in Settings (or open the link you were given again), then reload.`
    : `Access token required: the relay at ${host} is private. Open the share link you were given (it carries the token) or enter the relay's access token in Settings, then reload.`;
}
