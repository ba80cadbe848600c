/**
 * @module metainfo/v2-tree — BEP 52 structures: the `file tree` dict and merkle helpers.
 * A file's merkle tree has SHA-256 leaves over 16 KiB blocks, padded with zero hashes to a power
 * of two; a piece layer holds the roots of the piece-sized subtrees.
 */
import { keyText, textKey } from '../bencode/bytes.js';
import type { BencodeDict, BencodeValue } from '../bencode/types.js';
import { MERKLE_BLOCK_SIZE, type Hasher } from '../hash/hasher.js';
import { MetainfoError } from './errors.js';
import { getBytes, getSize, isDict } from './fields.js';

/** A file as listed by a v2 `file tree`, path relative to the tree root. */
export interface TreeFile {
  readonly path: readonly string[];
  readonly length: number;
  /** Null for empty files (BEP 52: empty files have no pieces root). */
  readonly piecesRoot: Uint8Array | null;
}

/** Smallest v2 piece length (one merkle block); v2 piece lengths are powers of two from here. */
export const MIN_V2_PIECE_LENGTH = MERKLE_BLOCK_SIZE;

/** True when `n` is a power of two ≥ 1. */
export function isPowerOfTwo(n: number): boolean {
  return Number.isSafeInteger(n) && n > 0 && 2 ** Math.round(Math.log2(n)) === n;
}

/** Root of a subtree of `leaves` zero leaves (`leaves` a power of two): pads a piece layer. */
export function zeroSubtreeRoot(hasher: Pick<Hasher, 'sha256'>, leaves: number): Uint8Array {
  let node: Uint8Array = new Uint8Array(32);
  const pair = new Uint8Array(64);
  for (let n = leaves; n > 1; n /= 2) {
    pair.set(node, 0);
    pair.set(node, 32);
    node = hasher.sha256(pair);
  }
  return node;
}

/**
 * The file's pieces root computed from its piece layer: the layer's hashes padded to a power of
 * two with the root of an all-zero piece subtree (BEP 52).
 */
export function piecesRootFromLayer(hasher: Pick<Hasher, 'sha256' | 'merkleRootOfLeaves'>, layer: Uint8Array, pieceLength: number): Uint8Array {
  return hasher.merkleRootOfLeaves(layer, undefined, zeroSubtreeRoot(hasher, pieceLength / MERKLE_BLOCK_SIZE));
}

function invalidTree(message: string, path: readonly string[]): never {
  throw new MetainfoError('METAINFO_INVALID_FILE_TREE', `file tree ${JSON.stringify(path.join('/'))}: ${message}`, { path });
}

function readFile(entry: BencodeValue, path: readonly string[]): TreeFile {
  if (!isDict(entry)) invalidTree('file entry is not a dict', path);
  const length = getSize(entry, 'length', 'file tree entry', true);
  const root = getBytes(entry, 'pieces root', 'file tree entry');
  if (length > 0) {
    if (root === undefined) invalidTree('non-empty file has no "pieces root"', path);
    if (root.length !== 32) invalidTree('"pieces root" is not 32 bytes', path);
  }
  return { path, length, piecesRoot: length > 0 && root !== undefined ? root.slice() : null };
}

/**
 * Lists the files of a v2 `file tree` in tree order (raw-byte key order, as decoded).
 * A node with the key "" is a file (and must have no other keys); any other node is a
 * non-empty directory.
 * @throws MetainfoError `METAINFO_INVALID_FILE_TREE`.
 */
export function readFileTree(tree: BencodeDict): TreeFile[] {
  const out: TreeFile[] = [];
  const walk = (node: BencodeDict, path: string[]): void => {
    if (node.size === 0) invalidTree('empty directory', path);
    for (const [key, child] of node) {
      if (key === '') invalidTree('file entry where a directory was expected', path);
      const childPath = [...path, keyText(key)];
      if (!isDict(child)) invalidTree('node is not a dict', childPath);
      if (child.has('')) {
        if (child.size !== 1) invalidTree('file node has other keys besides ""', childPath);
        out.push(readFile(child.get('')!, childPath));
      } else {
        walk(child, childPath);
      }
    }
  };
  walk(tree, []);
  return out;
}

/** Builds a v2 `file tree` dict from files (paths relative to the tree root). */
export function buildFileTree(files: readonly TreeFile[]): BencodeDict {
  const root: BencodeDict = new Map();
  for (const file of files) {
    let node = root;
    for (const component of file.path.slice(0, -1)) {
      const key = textKey(component);
      let next = node.get(key);
      if (!isDict(next)) {
        next = new Map();
        node.set(key, next);
      }
      node = next;
    }
    const leaf: BencodeDict = new Map<string, BencodeValue>([['length', file.length]]);
    if (file.piecesRoot !== null) leaf.set('pieces root', file.piecesRoot);
    node.set(textKey(file.path[file.path.length - 1]!), new Map([['', leaf]]));
  }
  return root;
}
