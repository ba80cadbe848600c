/**
 * @module wire/extension-registry — BEP 10 extension ids in both directions for one peer:
 * the ids *we* advertised (how the peer addresses messages to us) and the ids the *peer*
 * advertised (how we address messages to it), plus decoding of the extensions we know.
 */
import { decodeExtensionHandshake, encodeExtensionHandshake, type ExtensionHandshake } from './extension-handshake.js';
import type { WireLimits } from './limits.js';
import type { SessionEvent } from './session-types.js';
import { decodeUtMetadata, UT_METADATA } from './ut-metadata.js';
import { decodeUtPex, UT_PEX } from './ut-pex.js';

/** Our default BEP 10 `m` dict: the extensions this package decodes. */
export const DEFAULT_LOCAL_EXTENSIONS: ReadonlyMap<string, number> = new Map([
  [UT_METADATA, 1],
  [UT_PEX, 2],
]);

/** Extension ids of one connection. */
export class ExtensionRegistry {
  /** The peer's BEP 10 handshake, once received. */
  remote: ExtensionHandshake | null = null;
  private readonly byLocalId = new Map<number, string>();

  constructor(
    private readonly local: ReadonlyMap<string, number>,
    private readonly limits: WireLimits,
  ) {
    for (const [name, id] of local) if (id > 0) this.byLocalId.set(id, name);
  }

  /** Payload of our BEP 10 handshake. */
  encodeLocalHandshake(fields: Omit<ExtensionHandshake, 'm'>): Uint8Array {
    return encodeExtensionHandshake({ ...fields, m: new Map(this.local) });
  }

  /** The id the peer wants for `name`, or undefined if it does not support it (id 0 = off). */
  remoteId(name: string): number | undefined {
    const id = this.remote?.m.get(name);
    return id ? id : undefined;
  }

  /** Decode an incoming extended message (ext id 0 = handshake) into session events. */
  receive(extId: number, payload: Uint8Array): SessionEvent[] {
    if (extId === 0) {
      const handshake = decodeExtensionHandshake(payload, this.limits);
      this.remote = handshake; // BEP 10: a later handshake replaces the earlier one
      return [{ type: 'extension-handshake', handshake }];
    }
    const name = this.byLocalId.get(extId);
    if (name === UT_METADATA) {
      const message = decodeUtMetadata(payload, this.limits);
      return message ? [{ type: 'metadata', message }] : [];
    }
    if (name === UT_PEX) return [{ type: 'pex', message: decodeUtPex(payload, this.limits) }];
    return [{ type: 'extended', name, payload }];
  }
}
