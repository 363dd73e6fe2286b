/** Percentiles and the printed table of the benchmark. */

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

export function summarize(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  return { n: s.length, p50: at(0.5), p95: at(0.95), max: s[s.length - 1] };
}

export interface Row {
  /** Stable key for the JSON line. */
  key: string;
  label: string;
  /** Timing rows carry a summary (ms); others a single value with its unit. */
  summary?: Summary;
  value?: number;
  unit?: string;
  /** The target as words (e.g. "p95 < 5 ms"); empty when the row is informational. */
  target?: string;
  ok?: boolean;
  note?: string;
}

const num = (v: number | undefined, digits = 2) => (v === undefined || Number.isNaN(v) ? '' : v >= 1000 ? v.toFixed(0) : v.toFixed(digits));

export function table(rows: Row[]): string {
  const head = ['measurement', 'n', 'p50 ms', 'p95 ms', 'max ms', 'value', 'target', 'ok', 'note'];
  const body = rows.map((r) => [
    r.label,
    r.summary ? String(r.summary.n) : '',
    num(r.summary?.p50),
    num(r.summary?.p95),
    num(r.summary?.max),
    r.value !== undefined ? `${num(r.value)}${r.unit ? ` ${r.unit}` : ''}` : '',
    r.target ?? '',
    r.ok === undefined ? '' : r.ok ? 'yes' : 'NO',
    r.note ?? '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 1 && i <= 5 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n');
}
