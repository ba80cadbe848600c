import { describe, expect, it } from 'vitest';
import { MetainfoError } from './errors.js';
import { assertSafePath, assertUniquePaths, unsafeComponentReason } from './sanitize-path.js';

describe('unsafeComponentReason', () => {
  it.each(['', '.', '..', '...', ' ', 'a/b', 'a\\b', '/', 'C:', 'c:x', 'z:', 'CON', 'con.txt', 'Prn', 'AUX.tar.gz', 'nul', 'NUL ', 'com1', 'COM9.x', 'lpt1', 'conin$', 'a\u0000', '\u001b[31m', 'tab\there', 'x\u007f'])(
    'refuses %j',
    (component) => {
      expect(unsafeComponentReason(component)).not.toBeNull();
    },
  );
  it.each(['a', 'a.txt', '.hidden', 'a..b', '..a', 'file.', 'console.log', 'com', 'com10', 'lpt', 'C', 'ab:c', 'é', '日本語', ' leading', 'emoji 🎉', 'nul-terminated'])('accepts %j', (component) => {
    expect(unsafeComponentReason(component)).toBeNull();
  });
});

describe('assertSafePath / assertUniquePaths', () => {
  it('names the offending path', () => {
    try {
      assertSafePath(['ok', '..', 'x']);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(MetainfoError);
      expect((err as MetainfoError).code).toBe('METAINFO_UNSAFE_PATH');
      expect((err as MetainfoError).path).toEqual(['ok', '..', 'x']);
      expect((err as MetainfoError).message).toContain('ok/../x');
    }
    expect(() => assertSafePath([])).toThrow(MetainfoError);
  });

  it.each([
    [['a', 'b'], ['A', 'B']],
    [['x.txt'], ['x.txt.']],
    [['d'], ['d', 'f']],
    [['\u00c5'], ['A\u030a']],
  ])('refuses %j with %j', (p, q) => {
    expect(() => assertUniquePaths([{ path: p }, { path: q }])).toThrow(expect.objectContaining({ code: 'METAINFO_DUPLICATE_PATH' }));
  });

  it('accepts distinct paths and repeated pad files', () => {
    expect(() => assertUniquePaths([{ path: ['a', 'b'] }, { path: ['a', 'c'] }, { path: ['.pad', '1'], pad: true }, { path: ['.pad', '1'], pad: true }])).not.toThrow();
  });
});
