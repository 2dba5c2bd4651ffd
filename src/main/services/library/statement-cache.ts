import type { Database, Statement } from 'better-sqlite3';

/** Per repository: far more than the shapes one screen uses, far fewer than a long session could make. */
export const STATEMENTS_KEPT = 200;

/**
 * Prepares each SQL text once per connection; repositories build a few shapes of query repeatedly.
 * Some shapes vary with their input (one `?` per tag id or search term), so a long session could
 * gather thousands: the least recently used are let go past `capacity`.
 */
export class StatementCache {
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Database,
    private readonly capacity = STATEMENTS_KEPT,
  ) {}

  get(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement) {
      // Map keeps insertion order: moving a hit to the end makes the first key the least recent.
      this.statements.delete(sql);
    } else {
      statement = this.db.prepare(sql);
      if (this.statements.size >= this.capacity) this.statements.delete(this.statements.keys().next().value!);
    }
    this.statements.set(sql, statement);
    return statement;
  }

  get size(): number {
    return this.statements.size;
  }
}

/** A repository's base: its database, and each SQL text it runs prepared once. */
export abstract class SqlRepository {
  private readonly statements: StatementCache;

  constructor(readonly db: Database) {
    this.statements = new StatementCache(db);
  }

  protected stmt(sql: string): Statement {
    return this.statements.get(sql);
  }
}
