import { randomBytes } from 'node:crypto';
import { presetBodySchema, type Preset, type PresetBody } from '../../../shared/prompts/preset';
import { SqlRepository } from '../library/statement-cache';

// Style presets by name (names ignore case); the body is JSON, read back through its schema so a
// preset saved by a newer version with extra fields still opens.

type Row = { id: string; name: string; body: string; created_at: number; updated_at: number };

const fromRow = (r: Row): Preset => ({
  ...presetBodySchema.parse(JSON.parse(r.body)),
  id: r.id,
  name: r.name,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class PresetRepository extends SqlRepository {
  list(): Preset[] {
    return (this.stmt('SELECT * FROM presets ORDER BY name').all() as Row[]).map(fromRow);
  }

  byName(name: string): Preset | undefined {
    const row = this.stmt('SELECT * FROM presets WHERE name = ?').get(name.trim()) as Row | undefined;
    return row && fromRow(row);
  }

  /** Saves by name: the same name (any case) replaces what was there. */
  save(name: string, body: PresetBody, now: number): Preset {
    const trimmed = name.trim();
    const json = JSON.stringify(presetBodySchema.parse(body));
    this.stmt(
      `INSERT INTO presets (id, name, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET name = excluded.name, body = excluded.body, updated_at = excluded.updated_at`,
    ).run(`pre_${randomBytes(6).toString('hex')}`, trimmed, json, now, now);
    return this.byName(trimmed)!;
  }

  delete(name: string): boolean {
    return this.stmt('DELETE FROM presets WHERE name = ?').run(name.trim()).changes > 0;
  }
}
