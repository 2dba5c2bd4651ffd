// Local calendar days for the usage ledger without SQLite's 'localtime' modifier, which converts
// every row through the C library (most of the ledger's time on 100,000 generations): the time
// zone's UTC offsets over the queried span are worked out here once, and SQL shifts each
// timestamp by the offset of its piece and divides into whole days. Exact across daylight-saving
// changes; the zone is this process's, as 'localtime' would use.

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export type OffsetPiece = { start: number; offsetMs: number };

const offsetAt = (t: number): number => -new Date(t).getTimezoneOffset() * MINUTE_MS;

/** The zone's offset from `from` to `to` as pieces: each from its start until the next one's. */
export function offsetPieces(from: number, to: number): OffsetPiece[] {
  const pieces: OffsetPiece[] = [{ start: from, offsetMs: offsetAt(from) }];
  // Zones change offset at most a few times a year, never twice within a day: step by days and
  // find each change exactly.
  for (let t = from; t < to; t += DAY_MS) {
    const next = Math.min(t + DAY_MS, to);
    const current = pieces[pieces.length - 1]!.offsetMs;
    if (offsetAt(next) === current) continue;
    let lo = t;
    let hi = next;
    // To the millisecond (about 27 steps), so no row near the change lands on the wrong day.
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (offsetAt(mid) === current) lo = mid;
      else hi = mid;
    }
    pieces.push({ start: hi, offsetMs: offsetAt(hi) });
  }
  return pieces;
}

/**
 * A SQL expression giving the local day number (days since 1970-01-01 on the local calendar) of
 * the integer column `column`. The pieces are numbers computed here, never input, so they are
 * written into the SQL as literals.
 */
export function localDaySql(column: string, pieces: readonly OffsetPiece[]): string {
  const only = pieces.length === 1 ? pieces[0]!.offsetMs : null;
  if (only !== null) return `((${column} + ${only}) / ${DAY_MS})`;
  const cases = pieces
    .slice(1)
    .map((p, i) => `WHEN ${column} < ${p.start} THEN ${pieces[i]!.offsetMs}`)
    .join(' ');
  return `((${column} + CASE ${cases} ELSE ${pieces[pieces.length - 1]!.offsetMs} END) / ${DAY_MS})`;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** A local day number as YYYY-MM-DD. */
export function dayKey(dayNumber: number): string {
  const d = new Date(dayNumber * DAY_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The Monday of a local day number's week, as YYYY-MM-DD (1970-01-01 was a Thursday). */
export function weekKey(dayNumber: number): string {
  return dayKey(dayNumber - ((dayNumber + 3) % 7));
}

export function monthKey(dayNumber: number): string {
  return dayKey(dayNumber).slice(0, 7);
}
