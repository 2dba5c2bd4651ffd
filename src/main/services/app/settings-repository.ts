import type { Database } from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { settingsSchema, type Settings } from '../../../shared/contract';
import { DEFAULT_MODEL, DEFAULT_SIZE } from '../../../shared/models';
import { profileKindFieldsSchema, type ProfileKindFields } from '../../../shared/inputs-contract';

// Settings and provider profiles, kept in the library database so they travel with it.

export const DEFAULT_SETTINGS: Settings = {
  language: 'system',
  theme: 'system',
  defaultModel: DEFAULT_MODEL,
  defaultSize: DEFAULT_SIZE,
  concurrency: 5,
  queueTimeoutMinutes: 30,
  activeProfileId: null,
  isWelcomeDismissed: false,
  monthlyBudget: null,
};

export type StoredProfile = { id: string; name: string; baseUrl: string } & ProfileKindFields;

export const DEFAULT_PROFILE_KIND_FIELDS: ProfileKindFields = {
  kind: 'openai',
  region: null,
  editStyle: 'json',
  paletteStyle: 'text',
};

/** A stored row read back; a value this version does not know falls back to its default. */
function kindFieldsOf(row: Record<string, unknown>): ProfileKindFields {
  const parsed = profileKindFieldsSchema.safeParse(row);
  if (parsed.success) return parsed.data;
  const out = { ...DEFAULT_PROFILE_KIND_FIELDS };
  for (const key of Object.keys(out) as Array<keyof ProfileKindFields>) {
    const field = profileKindFieldsSchema.shape[key].safeParse(row[key]);
    if (field.success) (out as Record<string, unknown>)[key] = field.data;
  }
  return out;
}

export function newProfileId(): string {
  return `p_${randomBytes(6).toString('hex')}`;
}

export class SettingsRepository {
  constructor(private readonly db: Database) {}

  get(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>;
    const stored: Record<string, unknown> = {};
    for (const row of rows) {
      try {
        stored[row.key] = JSON.parse(row.value);
      } catch {
        // A damaged value falls back to its default rather than blocking the app.
      }
    }
    // Each field on its own, so one bad value does not reset the others.
    const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const [key, value] of Object.entries(stored)) {
      const field = settingsSchema.shape[key as keyof Settings];
      if (field?.safeParse(value).success) merged[key] = value;
    }
    return settingsSchema.parse(merged);
  }

  update(patch: Partial<Settings>): Settings {
    const put = this.db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(patch)) if (value !== undefined) put.run(key, JSON.stringify(value));
    })();
    return this.get();
  }

  profiles(): StoredProfile[] {
    const rows = this.db
      .prepare(
        `SELECT id, name, base_url AS baseUrl, kind, region, edit_style AS editStyle, palette_style AS paletteStyle
         FROM profiles ORDER BY created_at`,
      )
      .all() as Array<Record<string, unknown> & { id: string; name: string; baseUrl: string }>;
    return rows.map((row) => ({ id: row.id, name: row.name, baseUrl: row.baseUrl, ...kindFieldsOf(row) }));
  }

  saveProfile(
    profile: { id: string; name: string; baseUrl: string } & Partial<ProfileKindFields>,
    now = Date.now(),
  ): StoredProfile {
    const saved: StoredProfile = { ...DEFAULT_PROFILE_KIND_FIELDS, ...profile };
    this.db
      .prepare(
        `INSERT INTO profiles (id, name, base_url, kind, region, edit_style, palette_style, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, base_url = excluded.base_url, kind = excluded.kind,
           region = excluded.region, edit_style = excluded.edit_style, palette_style = excluded.palette_style,
           updated_at = excluded.updated_at`,
      )
      .run(
        saved.id,
        saved.name,
        saved.baseUrl,
        saved.kind,
        saved.region,
        saved.editStyle,
        saved.paletteStyle,
        now,
        now,
      );
    return saved;
  }

  deleteProfile(id: string): boolean {
    return this.db.prepare('DELETE FROM profiles WHERE id = ?').run(id).changes > 0;
  }
}
