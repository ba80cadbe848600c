import { expect, it } from 'vitest';
import { HASHER_VERSION } from '../src/index.js';

it('has a version', () => expect(HASHER_VERSION).toBe('0.1.0'));
