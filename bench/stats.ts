// Medians, p99 and the table the bench prints and writes.

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Nearest rank: with fewer than 100 samples this is the slowest one. */
export function p99(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(sorted.length * 0.99) - 1)]!;
}

export interface Row {
  network: string;
  path: string;
  measure: string;
  samples: number[];
  /** What the path cannot beat, in ms (a round-trip count, a late fill, the bare script), when there is one. */
  limitMs?: number;
  /** How the limit reads in the table, e.g. "2 RTT", "bare script". */
  limitLabel?: string;
  /** Round trip of the network, for "in RTT" figures; 0 on loopback. */
  rttMs: number;
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const ratio = (value: number) => `${value.toFixed(2)}×`;

export function table(rows: readonly Row[]): string {
  const header = ['network', 'path', 'measure', 'n', 'median ms', 'p99 ms', 'median RTT', 'limit', 'median / limit', 'p99 / limit'];
  const lines = rows.map((row) => {
    const med = median(row.samples);
    const top = p99(row.samples);
    const limit = row.limitMs;
    return [
      row.network,
      row.path,
      row.measure,
      String(row.samples.length),
      ms(med),
      ms(top),
      row.rttMs > 0 ? (med / row.rttMs).toFixed(2) : '—',
      limit === undefined ? '—' : `${row.limitLabel ?? ''} (${ms(limit)} ms)`.trim(),
      limit === undefined ? '—' : ratio(med / limit),
      limit === undefined ? '—' : ratio(top / limit),
    ];
  });
  return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
