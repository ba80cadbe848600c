/** @module tunnel/errors — typed errors of the relay's tunnel endpoint. */
import { SeedlingError } from '@seedling/core';

/** Codes of {@link TunnelConfigError}: `TUNNEL_BAD_LIMIT` (a limit flag/env that is not a non-negative integer). */
export type TunnelConfigErrorCode = 'TUNNEL_BAD_LIMIT';

/** A bad tunnel setting given on the command line or in the environment. */
export class TunnelConfigError extends SeedlingError<TunnelConfigErrorCode> {
  constructor(message: string) {
    super('TUNNEL_BAD_LIMIT', message);
    this.name = 'TunnelConfigError';
  }
}
