/** @module wire/block-message.test — block messages keep their own type, whatever they are built from. */
import { describe, expect, it } from 'vitest';
import { blockMessage } from './block-message.js';
import type { WireMessage } from './messages.js';

describe('blockMessage', () => {
  it('answers a received request with a reject (the spread `{ type, ...msg }` sent a request back)', () => {
    const received: WireMessage = { type: 'request', index: 3, begin: 16384, length: 16384 };
    if (received.type !== 'request') throw new Error('unreachable');
    expect(blockMessage('reject', received)).toEqual({ type: 'reject', index: 3, begin: 16384, length: 16384 });
    expect(blockMessage('cancel', { ...received, sentAt: 5 } as typeof received)).toEqual({ type: 'cancel', index: 3, begin: 16384, length: 16384 });
  });
});
