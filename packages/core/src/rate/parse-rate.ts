/**
 * @module rate/parse-rate — parses transfer rates given on the command line (`--up-rate 10MB`).
 *
 * Units are bytes per second (a lowercase `b` is bytes too; bits are not supported):
 * plain numbers are bytes; `k`, `M`, `G`, `T` (case-insensitive, optional `B`) are SI powers of
 * 1000; `KiB`, `MiB`, `GiB`, `TiB` (or `Ki`...) are powers of 1024; an optional `/s` or `ps`
 * suffix is accepted. `0`, `unlimited`, `none`, `inf` mean no limit and return `Infinity`, as
 * `--max-download-limit=0` does in aria2.
 */
import { RateError } from './errors.js';

const POWERS: Record<string, number> = { '': 0, k: 1, m: 2, g: 3, t: 4 };
const RATE = /^(\d+(?:\.\d+)?|\.\d+)\s*([kmgt]?)(i?)(b?)(?:\/s|ps)?$/i;

/**
 * Bytes per second for `text` (`"10MB"` → 10 000 000, `"512k"` → 512 000, `"1.5MiB"` → 1 572 864),
 * rounded down to whole bytes; `Infinity` for unlimited. Throws `RATE_INVALID` otherwise.
 */
export function parseRate(text: string): number {
  const t = text.trim();
  if (/^(unlimited|none|inf|infinity)$/i.test(t)) return Infinity;
  const m = RATE.exec(t);
  if (!m) throw new RateError('RATE_INVALID', `invalid rate ${JSON.stringify(text)} (try 10MB, 512k or 1.5MiB)`);
  const [, num, prefix, binary] = m;
  if (binary && !prefix) throw new RateError('RATE_INVALID', `invalid rate ${JSON.stringify(text)}: "i" needs a prefix (KiB, MiB...)`);
  const value = Number(num) * (binary ? 1024 : 1000) ** POWERS[prefix!.toLowerCase()]!;
  if (value === 0) return Infinity;
  const bytes = Math.floor(value);
  if (bytes < 1 || !Number.isFinite(bytes)) throw new RateError('RATE_INVALID', `rate ${JSON.stringify(text)} is below one byte per second`);
  return bytes;
}
