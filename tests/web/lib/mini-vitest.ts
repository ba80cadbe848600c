/**
 * @module tests/web/lib/mini-vitest — the few vitest functions core's compliance suites use
 * (`describe`, `it`, `afterEach`, `expect(...).toEqual/toBe/rejects.toMatchObject`), so a suite
 * runs unchanged inside a real browser page; the page reports each test's outcome to the Node test.
 */

type Fn = () => unknown;
interface Case {
  name: string;
  fn: Fn;
  after: Fn[];
}

const cases: Case[] = [];
const prefix: string[] = [];
const afters: Fn[][] = [[]];

/** Groups tests. */
export function describe(name: string, fn: () => void): void {
  prefix.push(name);
  afters.push([]);
  fn();
  afters.pop();
  prefix.pop();
}

/** Registers a test. */
export function it(name: string, fn: Fn): void {
  cases.push({ name: [...prefix, name].join(' > '), fn, after: afters.flat() });
}

/** Registers a hook run after each test of the enclosing describe. */
export function afterEach(fn: Fn): void {
  afters[afters.length - 1]!.push(fn);
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return Object.is(a, b);
}

function describeValue(v: unknown): string {
  if (v instanceof Uint8Array) return `Uint8Array(${v.length})`;
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

/** The assertions the suites use. */
export function expect(actual: unknown) {
  return {
    toEqual(expected: unknown): void {
      if (!same(actual, expected)) throw new Error(`expected ${describeValue(actual)} to equal ${describeValue(expected)}`);
    },
    toBe(expected: unknown): void {
      if (!Object.is(actual, expected)) throw new Error(`expected ${describeValue(actual)} to be ${describeValue(expected)}`);
    },
    rejects: {
      async toMatchObject(shape: Record<string, unknown>): Promise<void> {
        let err: unknown;
        try {
          await actual;
        } catch (e) {
          err = e;
        }
        if (err === undefined) throw new Error(`expected a rejection matching ${describeValue(shape)}, it resolved`);
        for (const [k, v] of Object.entries(shape)) {
          const got = (err as Record<string, unknown>)[k];
          if (!same(got, v)) throw new Error(`expected rejection with ${k}=${describeValue(v)}, got ${describeValue(got)} (${String(err)})`);
        }
      },
    },
  };
}

/** Runs every registered test in order. */
export async function runRegistered(): Promise<{ name: string; ok: boolean; error?: string }[]> {
  const out: { name: string; ok: boolean; error?: string }[] = [];
  for (const c of cases) {
    try {
      await c.fn();
      out.push({ name: c.name, ok: true });
    } catch (err) {
      out.push({ name: c.name, ok: false, error: String((err as Error)?.stack ?? err) });
    }
    for (const a of c.after) await a();
  }
  return out;
}
