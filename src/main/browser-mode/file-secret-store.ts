import { chmodSync, closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { SecretStore } from '../services/app/app-types';
import { makeDirectorySync } from '../services/library/byte-streams';

// Browser mode has no OS keychain to lean on (Electron uses safeStorage), so keys saved there go
// to a JSON file only this user can read. The CLI says so when it starts.

export const SECRETS_FILE = 'browser-mode-secrets.json';

type SecretsFile = { version: 1; keys: Record<string, string> };

function load(file: string): Map<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw err;
  }
  // A file another tool widened should not stay readable by others.
  chmodSync(file, 0o600);
  const parsed = JSON.parse(text) as Partial<SecretsFile>;
  const keys = parsed.keys && typeof parsed.keys === 'object' ? parsed.keys : {};
  return new Map(Object.entries(keys).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function save(file: string, keys: Map<string, string>): void {
  makeDirectorySync(path.dirname(file));
  const body: SecretsFile = { version: 1, keys: Object.fromEntries(keys) };
  const tmp = `${file}.${process.pid}.tmp`;
  // A leftover temp file could have a wider mode, which opening it again would keep.
  rmSync(tmp, { force: true });
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(body, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/** A SecretStore kept in `<home>/browser-mode-secrets.json`, mode 0600, rewritten whole on each change. */
export function createFileSecretStore(home: string): SecretStore & { file: string } {
  const file = path.join(home, SECRETS_FILE);
  const keys = load(file);
  return {
    file,
    get: (profileId) => keys.get(profileId),
    set: (profileId, secret) => {
      keys.set(profileId, secret);
      save(file, keys);
    },
    delete: (profileId) => {
      if (keys.delete(profileId)) save(file, keys);
    },
  };
}
