import type { Database } from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { settingsSchema, type Settings } from '../../../shared/contract';
import { DEFAULT_MODEL, DEFAULT_SIZE } from '../../../shared/models';

// Settings and provider profiles, kept in the library database so they travel with it.

export const DEFAULT_SETTINGS: Settings = {
  language: 'system',
  theme: 'system',
  defaultModel: DEFAULT_MODEL,
  defaultSize: DEFAULT_SIZE,
  concurrency: 5,
  queueTimeoutMinutes: 30,
  activeProfileId: null,
};

export type StoredProfile = { id: string; name: string; baseUrl: string };

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
    return this.db
      .prepare('SELECT id, name, base_url AS baseUrl FROM profiles ORDER BY created_at')
      .all() as StoredProfile[];
  }

  saveProfile(profile: { id: string; name: string; baseUrl: string }, now = Date.now()): StoredProfile {
    const { id } = profile;
    this.db
      .prepare(
        `INSERT INTO profiles (id, name, base_url, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, base_url = excluded.base_url, updated_at = excluded.updated_at`,
      )
      .run(id, profile.name, profile.baseUrl, now, now);
    return { id, name: profile.name, baseUrl: profile.baseUrl };
  }

  deleteProfile(id: string): boolean {
    return this.db.prepare('DELETE FROM profiles WHERE id = ?').run(id).changes > 0;
  }
}
