import type { Database, Statement } from 'better-sqlite3';

/** Prepares each SQL text once per connection; repositories build a few shapes of query repeatedly. */
export class StatementCache {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Database) {}

  get(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
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
