/** @module lib/transfer-types — what the UI knows about one transfer (shared or received). */

/** Where a transfer stands. */
export type TransferState =
  | 'hashing'
  | 'metadata'
  | 'checking'
  | 'downloading'
  | 'seeding'
  | 'complete'
  | 'needs-files'
  | 'stopped'
  | 'error';

/** One file of a transfer; `url` is set once it is ready to save (received, verified). */
export interface TransferFile {
  path: string[];
  length: number;
  url?: string;
  /** Received files: the index in the torrent's file list (pad files included). */
  index?: number;
  /** Received files: whether it is downloaded (unticked files are skipped). */
  selected?: boolean;
}

/** A transfer as the stores and components see it (plain data, serialisable but for urls). */
export interface Transfer {
  /** Hex handshake info-hash. */
  id: string;
  kind: 'share' | 'receive';
  name: string;
  magnet: string;
  shareLink: string;
  state: TransferState;
  /** Bytes of the payload, and verified so far. */
  length: number;
  verified: number;
  /**
   * Received transfers: bytes of the pieces the selected files need, and verified of them (the
   * progress and time left count these; absent: every file is selected).
   */
  wanted?: number;
  wantedVerified?: number;
  /** Bytes hashed while creating a share. */
  hashed: number;
  /** Session counters: payload bytes from and to peers. */
  downloaded: number;
  uploaded: number;
  /** Valid bytes found in storage at start (resume). */
  resumed: number;
  downloadRate: number;
  uploadRate: number;
  peers: number;
  files: TransferFile[];
  /** A message for people, when something went wrong. */
  error?: string;
  createdAt: number;
}

/** The fields the running engine reports. */
export type TransferPatch = Partial<Omit<Transfer, 'id' | 'kind'>>;
