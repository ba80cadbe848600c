/**
 * The short fuzz run: every target of fuzz/ (bencode, .torrent, info dict, magnet, wire stream +
 * session, HTTP and WebSocket tracker messages, tunnel framing) for a few thousand inputs. Any
 * untyped error, wrong error class, broken property or input slower than its bound fails.
 * `pnpm fuzz` runs the same targets for 1,000,000 inputs each.
 */
import { describe, expect, it } from 'vitest';
import { fuzzTarget } from '../../fuzz/fuzz-loop.js';
import { FuzzFinding, expectTyped } from '../../fuzz/target.js';
import { TARGETS } from '../../fuzz/targets/index.js';

const RUNS = Number(process.env.FUZZ_SHORT_RUNS ?? 3000);

describe('short fuzz run', () => {
  for (const target of TARGETS) {
    it(`${target.name}: ${RUNS} inputs, every failure typed`, () => {
      const r = fuzzTarget(target, { runs: RUNS, seed: 0xc0ffee, maxInputMs: 2000 });
      const finding = r.finding ? `${r.finding.error.message} (input ${Buffer.from(r.finding.input).toString('hex').slice(0, 200)})` : undefined;
      expect(finding).toBeUndefined();
      expect(r.runs).toBe(RUNS);
      // The run reached both outcomes: some inputs accepted, some refused with a typed code.
      expect(r.accepted).toBeGreaterThan(0);
      expect(r.codes.size).toBeGreaterThan(1);
    });
  }

  it('the typed-error check itself rejects untyped errors and wrong classes', () => {
    const codes = new Map<string, number>();
    expect(() => expectTyped(() => JSON.parse('{'), ['BencodeError'], codes)).toThrow(FuzzFinding);
    const wrongClass = Object.assign(new Error('x'), { name: 'TunnelError', code: 'PROTOCOL_ERROR' });
    expect(() => expectTyped(() => {
      throw wrongClass;
    }, ['BencodeError'], codes)).toThrow(FuzzFinding);
    expect(expectTyped(() => {
      throw Object.assign(new Error('x'), { name: 'BencodeError', code: 'BENCODE_TOO_DEEP' });
    }, ['BencodeError'], codes)).toBe(false);
    expect(codes.get('BencodeError:BENCODE_TOO_DEEP')).toBe(1);
  });
});
