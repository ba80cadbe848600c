/**
 * @module bench/lib/svg — a small dependency-free SVG chart writer for the benchmark results:
 * line charts (numeric x, one line per series, markers on points) and grouped bar charts
 * (categories × series), each with axes, "nice" ticks, axis labels, a title and a legend.
 */

const W = 640;
const H = 360;
const M = { top: 44, right: 150, bottom: 52, left: 70 };
const COLORS = ['#2b6cb0', '#dd6b20', '#38a169', '#805ad5', '#e53e3e', '#319795', '#d69e2e', '#718096'];
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"';

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const fmt = (v) => {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6) return `${+(v / 1e6).toPrecision(3)}M`;
  if (a >= 1e4) return `${+(v / 1e3).toPrecision(3)}k`;
  return String(+v.toPrecision(3));
};

/** Ticks from 0 (or min) to at least `max`, at 1/2/5×10^k steps. */
export function niceTicks(min, max, count = 5) {
  if (!(max > min)) max = min + 1;
  const raw = (max - min) / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const lo = Math.floor(min / step) * step;
  const ticks = [];
  for (let v = lo; v < max + step * 0.999; v += step) ticks.push(+v.toPrecision(12));
  return ticks;
}

function frame(title, xLabel, yLabel, yTicks, y) {
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" ${FONT} font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  out.push(`<text x="${W / 2 - M.right / 2 + M.left / 2}" y="22" text-anchor="middle" font-size="15" font-weight="600">${esc(title)}</text>`);
  for (const t of yTicks) {
    const py = y(t).toFixed(1);
    out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${py}" y2="${py}" stroke="#e2e8f0"/>`);
    out.push(`<text x="${M.left - 6}" y="${py}" dy="4" text-anchor="end" fill="#4a5568">${fmt(t)}</text>`);
  }
  out.push(`<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${H - M.bottom}" stroke="#2d3748"/>`);
  out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}" stroke="#2d3748"/>`);
  out.push(`<text x="${(M.left + W - M.right) / 2}" y="${H - 12}" text-anchor="middle" fill="#2d3748">${esc(xLabel)}</text>`);
  const cy = (M.top + H - M.bottom) / 2;
  out.push(`<text x="16" y="${cy}" text-anchor="middle" fill="#2d3748" transform="rotate(-90 16 ${cy})">${esc(yLabel)}</text>`);
  return out;
}

function legend(names) {
  return names.map((n, i) => {
    const y = M.top + 8 + i * 20;
    const x = W - M.right + 14;
    return `<rect x="${x}" y="${y - 9}" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/><text x="${x + 18}" y="${y + 1}" fill="#2d3748">${esc(n)}</text>`;
  });
}

/**
 * Line chart. `series`: [{ name, points: [[x, y], ...] }] (null y values are skipped).
 * Options: `xTicks` (explicit x tick values), `logX` (log2 x axis, for N = 1, 2, 4, 8), `yMin`.
 */
export function lineChart({ title, xLabel, yLabel, series, xTicks, logX = false, yMin = 0 }) {
  const pts = series.flatMap((s) => s.points.filter((p) => p[1] !== null && p[1] !== undefined));
  const tx = (v) => (logX ? Math.log2(v) : v);
  const xs = (xTicks ?? pts.map((p) => p[0])).map(tx);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs) === x0 ? x0 + 1 : Math.max(...xs);
  const yTicks = niceTicks(yMin, Math.max(yMin + 1e-9, ...pts.map((p) => p[1])));
  const yTop = yTicks.at(-1);
  const x = (v) => M.left + 10 + ((tx(v) - x0) / (x1 - x0)) * (W - M.left - M.right - 20);
  const y = (v) => H - M.bottom - ((v - yTicks[0]) / (yTop - yTicks[0])) * (H - M.top - M.bottom);
  const out = frame(title, xLabel, yLabel, yTicks, y);
  const ticks = xTicks ?? [...new Set(pts.map((p) => p[0]))].sort((a, b) => a - b);
  const shown = ticks.length > 12 ? niceTicks(Math.min(...ticks), Math.max(...ticks), 6).filter((t) => t <= Math.max(...ticks)) : ticks;
  for (const t of shown) {
    const px = x(t).toFixed(1);
    out.push(`<line x1="${px}" x2="${px}" y1="${H - M.bottom}" y2="${H - M.bottom + 5}" stroke="#2d3748"/>`);
    out.push(`<text x="${px}" y="${H - M.bottom + 18}" text-anchor="middle" fill="#4a5568">${fmt(t)}</text>`);
  }
  series.forEach((s, i) => {
    const c = COLORS[i % COLORS.length];
    const p = s.points.filter((q) => q[1] !== null && q[1] !== undefined);
    if (p.length === 0) return;
    const d = p.map((q, j) => `${j ? 'L' : 'M'}${x(q[0]).toFixed(1)},${y(q[1]).toFixed(1)}`).join('');
    out.push(`<path d="${d}" fill="none" stroke="${c}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    if (p.length <= 24) for (const q of p) out.push(`<circle cx="${x(q[0]).toFixed(1)}" cy="${y(q[1]).toFixed(1)}" r="3.5" fill="${c}"><title>${esc(`${s.name}: ${fmt(q[0])} → ${fmt(q[1])}`)}</title></circle>`);
  });
  out.push(...legend(series.map((s) => s.name)), '</svg>');
  return `${out.join('\n')}\n`;
}

/**
 * Grouped bar chart. `categories`: x labels; `series`: [{ name, values: [v per category] }]
 * (null = no bar, drawn as "n/a"). Values are printed above the bars.
 */
export function barChart({ title, xLabel, yLabel, categories, series }) {
  const vals = series.flatMap((s) => s.values).filter((v) => v !== null && v !== undefined);
  const yTicks = niceTicks(0, Math.max(1e-9, ...vals));
  const yTop = yTicks.at(-1);
  const y = (v) => H - M.bottom - (v / yTop) * (H - M.top - M.bottom);
  const out = frame(title, xLabel, yLabel, yTicks, y);
  const plotW = W - M.left - M.right;
  const groupW = plotW / categories.length;
  const barW = Math.min(48, (groupW * 0.8) / series.length);
  categories.forEach((cat, ci) => {
    const gx = M.left + ci * groupW + (groupW - barW * series.length) / 2;
    out.push(`<text x="${(M.left + (ci + 0.5) * groupW).toFixed(1)}" y="${H - M.bottom + 18}" text-anchor="middle" fill="#4a5568">${esc(cat)}</text>`);
    series.forEach((s, si) => {
      const v = s.values[ci];
      const bx = (gx + si * barW).toFixed(1);
      if (v === null || v === undefined) {
        out.push(`<text x="${(gx + (si + 0.5) * barW).toFixed(1)}" y="${H - M.bottom - 4}" text-anchor="middle" font-size="10" fill="#a0aec0">n/a</text>`);
        return;
      }
      const top = y(v);
      out.push(`<rect x="${bx}" y="${top.toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${(H - M.bottom - top).toFixed(1)}" fill="${COLORS[si % COLORS.length]}"><title>${esc(`${s.name} ${cat}: ${v}`)}</title></rect>`);
      out.push(`<text x="${(gx + (si + 0.5) * barW - 1).toFixed(1)}" y="${(top - 4).toFixed(1)}" text-anchor="middle" font-size="10" fill="#2d3748">${fmt(v)}</text>`);
    });
  });
  out.push(...legend(series.map((s) => s.name)), '</svg>');
  return `${out.join('\n')}\n`;
}
