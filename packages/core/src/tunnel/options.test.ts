/** @module tunnel/options.test — the message size a peer sends follows what the relay accepts. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TUNNEL_MESSAGE_BYTES, messageBudget } from './options.js';

describe('messageBudget', () => {
  it('uses the relay’s advertised frame limit, capped by the wanted size', () => {
    expect(messageBudget({ maxBytes: 0, maxDurationMs: 0, maxFrameBytes: 4 * 1024 * 1024 }, undefined)).toBe(DEFAULT_TUNNEL_MESSAGE_BYTES);
    expect(messageBudget({ maxBytes: 0, maxDurationMs: 0, maxFrameBytes: 300_000 }, undefined)).toBe(300_000);
    expect(messageBudget({ maxBytes: 0, maxDurationMs: 0, maxFrameBytes: 4 * 1024 * 1024 }, 200_000)).toBe(200_000);
  });

  it('assumes the former 64 KiB + 1 KiB limit when the relay does not tell (older relays)', () => {
    expect(messageBudget(undefined, undefined)).toBe(64 * 1024 + 1024);
    expect(messageBudget({ maxBytes: 0, maxDurationMs: 0 }, undefined)).toBe(64 * 1024 + 1024);
    expect(messageBudget({ maxBytes: 0, maxDurationMs: 0, maxFrameBytes: 0 }, undefined)).toBe(64 * 1024 + 1024);
  });
});
