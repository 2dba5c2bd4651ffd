import { randomBytes } from 'node:crypto';
import type { SavedTemplate } from '../../../shared/batch/batch-types';
import { SqlRepository } from '../library/statement-cache';

// Saved templates (`--template NAME`) and lists (one value a line, filling `{name}`), by name;
// names ignore case. The prompt library (issue 12, part 3) builds on this table.

type Row = {
  id: string;
  name: string;
  kind: 'template' | 'list';
  body: string;
  created_at: number;
  updated_at: number;
};

const fromRow = (r: Row): SavedTemplate => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  body: r.body,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class TemplateRepository extends SqlRepository {
  list(kind?: 'template' | 'list'): SavedTemplate[] {
    const rows = (
      kind
        ? this.stmt('SELECT * FROM templates WHERE kind = ? ORDER BY name').all(kind)
        : this.stmt('SELECT * FROM templates ORDER BY kind DESC, name').all()
    ) as Row[];
    return rows.map(fromRow);
  }

  byName(name: string, kind?: 'template' | 'list'): SavedTemplate | undefined {
    const row = this.stmt('SELECT * FROM templates WHERE name = ?').get(name.trim()) as Row | undefined;
    return row && (!kind || row.kind === kind) ? fromRow(row) : undefined;
  }

  /** Saves by name: the same name (any case) replaces what was there. */
  save(name: string, kind: 'template' | 'list', body: string, now: number): SavedTemplate {
    const trimmed = name.trim();
    this.stmt(
      `INSERT INTO templates (id, name, kind, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET name = excluded.name, kind = excluded.kind, body = excluded.body,
         updated_at = excluded.updated_at`,
    ).run(`tpl_${randomBytes(6).toString('hex')}`, trimmed, kind, body, now, now);
    return this.byName(trimmed)!;
  }

  delete(name: string): boolean {
    return this.stmt('DELETE FROM templates WHERE name = ?').run(name.trim()).changes > 0;
  }

  /** Every saved list's values (non-blank lines, trimmed), by name, for `{name}`s. */
  lists(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const t of this.list('list'))
      out[t.name] = t.body
        .split(/\r\n|\r|\n/)
        .map((line) => line.trim())
        .filter(Boolean);
    return out;
  }
}
