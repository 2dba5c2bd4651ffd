import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StatementCache } from '../../src/main/services/library/statement-cache';

// The statement cache on a real SQLite file: reuse, and a bound on how many it keeps.

const dirs: string[] = [];
function database(): BetterSqlite3.Database {
  const dir = mkdtempSync(path.join(tmpdir(), 'wan-stmt-'));
  dirs.push(dir);
  return new BetterSqlite3(path.join(dir, 'test.sqlite'));
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('StatementCache', () => {
  it('prepares a SQL text once and hands back the same statement', () => {
    const db = database();
    const cache = new StatementCache(db);
    expect(cache.get('SELECT 1')).toBe(cache.get('SELECT 1'));
    db.close();
  });

  it('keeps at most its capacity, letting the least recently used go', () => {
    const db = database();
    const cache = new StatementCache(db, 3);
    const first = cache.get('SELECT 1');
    cache.get('SELECT 2');
    cache.get('SELECT 3');
    expect(cache.get('SELECT 1')).toBe(first); // used again: now the most recent
    cache.get('SELECT 4'); // SELECT 2 goes
    expect(cache.size).toBe(3);
    expect(cache.get('SELECT 1')).toBe(first);
    const shapes = Array.from(
      { length: 50 },
      (_, n) =>
        `SELECT ${Array(n + 1)
          .fill('?')
          .join(', ')}`,
    );
    for (const sql of shapes) expect(cache.get(sql).all(...Array(sql.split('?').length - 1).fill(0))).toHaveLength(1);
    expect(cache.size).toBe(3);
    db.close();
  });
});
