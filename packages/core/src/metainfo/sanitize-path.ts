/**
 * @module metainfo/sanitize-path — refuses file paths that could escape the download directory
 * or collide, before anything is written. A torrent is untrusted input: its paths are checked
 * component by component, and a bad one rejects the whole torrent (no silent renaming).
 */
import { MetainfoError } from './errors.js';

/** Windows reserved device names, with or without an extension (CON, CON.txt, com1…). */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
/** A drive-letter prefix such as `C:` (absolute on Windows, or an alternate data stream). */
const DRIVE_LETTER = /^[a-zA-Z]:/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what we refuse
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Why a path component is unsafe, or null when it is safe. */
export function unsafeComponentReason(component: string): string | null {
  if (component.length === 0) return 'empty component';
  if (component === '.' || component === '..') return `"${component}" component`;
  // Windows drops trailing dots and spaces: "..." or " " would name the parent or nothing.
  if (/^[ .]+$/.test(component)) return 'only dots and spaces';
  if (component.includes('/') || component.includes('\\')) return 'separator inside a component';
  if (CONTROL.test(component)) return 'control character (or NUL)';
  if (DRIVE_LETTER.test(component)) return 'drive letter';
  if (WINDOWS_RESERVED.test(component.replace(/[ .]+$/, ''))) return 'reserved Windows device name';
  return null;
}

/**
 * Checks every component of `path` (relative to the download directory).
 * @throws MetainfoError `METAINFO_UNSAFE_PATH` naming the path and the reason.
 */
export function assertSafePath(path: readonly string[]): void {
  if (path.length === 0) {
    throw new MetainfoError('METAINFO_UNSAFE_PATH', 'empty file path', { path });
  }
  for (const component of path) {
    const reason = unsafeComponentReason(component);
    if (reason !== null) {
      throw new MetainfoError('METAINFO_UNSAFE_PATH', `unsafe file path ${JSON.stringify(path.join('/'))}: ${reason}`, { path });
    }
  }
}

/**
 * The collision key of a path: Unicode NFC, lower case, trailing dots/spaces dropped, so paths
 * that would land on the same file on macOS/Windows file systems count as duplicates.
 */
function collisionKey(path: readonly string[]): string {
  return path.map((c) => c.normalize('NFC').toLowerCase().replace(/[ .]+$/, '')).join('/');
}

/**
 * Refuses duplicate paths (after normalisation) and a file whose path is also a directory of
 * another file. Pad files are skipped: they are never written and may repeat (`.pad/16`).
 * @throws MetainfoError `METAINFO_DUPLICATE_PATH`.
 */
export function assertUniquePaths(files: readonly { path: readonly string[]; pad?: boolean }[]): void {
  const fileKeys = new Set<string>();
  const dirKeys = new Set<string>();
  for (const file of files) {
    if (file.pad === true) continue;
    const key = collisionKey(file.path);
    if (fileKeys.has(key) || dirKeys.has(key)) {
      throw new MetainfoError('METAINFO_DUPLICATE_PATH', `duplicate file path ${JSON.stringify(file.path.join('/'))}`, { path: file.path });
    }
    fileKeys.add(key);
    for (let i = 1; i < file.path.length; i++) {
      const dir = collisionKey(file.path.slice(0, i));
      if (fileKeys.has(dir)) {
        throw new MetainfoError('METAINFO_DUPLICATE_PATH', `path ${JSON.stringify(file.path.join('/'))} goes through a file`, { path: file.path });
      }
      dirKeys.add(dir);
    }
  }
}
