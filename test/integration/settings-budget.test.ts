import { afterEach, describe, expect, it } from 'vitest';
import { SettingsRepository } from '../../src/main/services/app/settings-repository';
import { openLibrary } from '../../src/main/services/library/library';
import { settingsSchema } from '../../src/shared/contract';
import { tempDir } from '../helpers/library';

// The optional monthly budget lives in the settings table (no migration): it survives a reopen,
// clears back to none, and a damaged stored value falls back to no budget without resetting the rest.

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function open(path: string): { repo: SettingsRepository; close: () => void } {
  const library = openLibrary(path);
  return { repo: new SettingsRepository(library.db), close: () => library.close() };
}

describe('monthly budget setting', () => {
  it('defaults to none, persists across a reopen and clears', () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const first = open(dir.path);
    expect(first.repo.get().monthlyBudget).toBeNull();
    first.repo.update({ monthlyBudget: { amount: 12.5, currency: 'CNY' }, theme: 'dark' });
    first.close();
    const second = open(dir.path);
    cleanups.push(second.close);
    expect(second.repo.get()).toMatchObject({ monthlyBudget: { amount: 12.5, currency: 'CNY' }, theme: 'dark' });
    expect(second.repo.update({ monthlyBudget: null }).monthlyBudget).toBeNull();
  });

  it('falls back to no budget when the stored value is damaged, keeping the other settings', () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const library = openLibrary(dir.path);
    cleanups.push(() => library.close());
    const repo = new SettingsRepository(library.db);
    repo.update({ theme: 'light' });
    library.db
      .prepare(`INSERT INTO settings (key, value) VALUES ('monthlyBudget', ?)`)
      .run('{"amount":-3,"currency":"usd"}');
    expect(repo.get()).toMatchObject({ monthlyBudget: null, theme: 'light' });
  });

  it('refuses a negative amount or a currency that is not an ISO code', () => {
    const partial = settingsSchema.partial();
    expect(partial.safeParse({ monthlyBudget: { amount: -1, currency: 'USD' } }).success).toBe(false);
    expect(partial.safeParse({ monthlyBudget: { amount: 5, currency: 'dollars' } }).success).toBe(false);
    expect(partial.safeParse({ monthlyBudget: { amount: 5, currency: 'USD' } }).success).toBe(true);
  });
});
