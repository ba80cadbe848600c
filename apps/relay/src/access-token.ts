/** @module access-token — the optional shared token that guards tracker and upgrade requests. */
import { timingSafeEqual } from 'node:crypto';

/** Reads the token a request carries: `?token=` in the URL or `Authorization: Bearer …`. */
export function requestToken(url: string, authorization: string | undefined | null): string | null {
  if (authorization?.startsWith('Bearer ')) return authorization.slice(7).trim();
  const q = url.indexOf('?');
  if (q < 0) return null;
  const v = new URLSearchParams(url.slice(q + 1)).get('token');
  return v;
}

/** True when no token is configured or the request's token matches (constant-time compare). */
export function tokenAllows(expected: string | null, url: string, authorization: string | undefined | null): boolean {
  if (expected === null) return true;
  const got = requestToken(url, authorization);
  if (got === null) return false;
  const a = Buffer.from(got);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
