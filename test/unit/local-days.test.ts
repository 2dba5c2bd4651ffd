import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { dayKey, localDaySql, monthKey, offsetPieces, weekKey } from '../../src/main/services/batch/local-days';

// The ledger's local days without SQLite's 'localtime': the same calendar day as 'localtime'
// gives, for every hour across daylight-saving changes and in zones with half-hour offsets.

const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz;
});

const HOUR = 3_600_000;

function compareWithLocaltime(tz: string, from: number, to: number, step: number): void {
  process.env.TZ = tz;
  const db = new Database(':memory:');
  try {
    db.exec('CREATE TABLE t (at INTEGER)');
    const insert = db.prepare('INSERT INTO t VALUES (?)');
    for (let at = from; at <= to; at += step) insert.run(at);
    // Either side of each change, to the millisecond.
    const pieces = offsetPieces(from, to);
    for (const p of pieces.slice(1)) for (const d of [-1, 0, 1]) insert.run(p.start + d);
    const rows = db
      .prepare(
        `SELECT at, ${localDaySql('at', pieces)} AS day,
           strftime('%Y-%m-%d', at / 1000.0, 'unixepoch', 'localtime') AS expected FROM t`,
      )
      .all() as Array<{ at: number; day: number; expected: string }>;
    const wrong = rows.filter((r) => dayKey(r.day) !== r.expected).slice(0, 3);
    expect(wrong, tz).toEqual([]);
  } finally {
    db.close();
  }
}

describe('local days for the usage ledger', () => {
  it('finds a zone’s daylight-saving changes exactly', () => {
    process.env.TZ = 'Europe/Berlin';
    const pieces = offsetPieces(Date.UTC(2026, 0, 1), Date.UTC(2026, 11, 31));
    expect(pieces.map((p) => [new Date(p.start).toISOString(), p.offsetMs / HOUR])).toEqual([
      ['2026-01-01T00:00:00.000Z', 1],
      ['2026-03-29T01:00:00.000Z', 2],
      ['2026-10-25T01:00:00.000Z', 1],
    ]);
    process.env.TZ = 'Asia/Shanghai';
    expect(offsetPieces(Date.UTC(2020, 0, 1), Date.UTC(2026, 0, 1))).toHaveLength(1);
  });

  it('agrees with SQLite localtime, hour by hour, in zones with and without DST', () => {
    const from = Date.UTC(2025, 0, 1, 0, 7);
    const to = Date.UTC(2026, 11, 31);
    for (const tz of ['America/New_York', 'Europe/London', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC'])
      compareWithLocaltime(tz, from, to, HOUR - 61_000);
  });

  it('names weeks by their Monday and months by YYYY-MM', () => {
    const day = Date.UTC(2026, 11, 6) / 86_400_000; // a Sunday
    expect(dayKey(day)).toBe('2026-12-06');
    expect(weekKey(day)).toBe('2026-11-30');
    expect(weekKey(day + 1)).toBe('2026-12-07');
    expect(monthKey(day)).toBe('2026-12');
  });
});
