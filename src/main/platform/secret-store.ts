import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { WanError } from '../services/wan-error';
import type { SecretStore } from '../services/app/app-types';

// API keys at rest: one JSON file of encrypted blobs (base64), written atomically with mode 0600.
// The cipher is passed in (Electron's safeStorage in the app, see safe-storage.ts), so this file
// has no Electron import and is tested in plain Node. Keys never appear in errors or logs.

export type SecretCipher = {
  /** Why secrets cannot be encrypted on this system right now, or undefined when they can. */
  unavailableReason: () => string | undefined;
  encrypt: (plainText: string) => Buffer;
  decrypt: (encrypted: Buffer) => string;
};

type SecretsFile = { version: 1; secrets: Record<string, string> };

export type FileSecretStoreOptions = {
  file: string;
  cipher: SecretCipher;
  warn?: (message: string) => void;
};

export function createFileSecretStore({ file, cipher, warn = console.warn }: FileSecretStoreOptions): SecretStore {
  let blobs: Map<string, string> | undefined;

  const load = (): Map<string, string> => {
    blobs ??= readBlobs(file, warn);
    return blobs;
  };

  const save = (next: Map<string, string>): void => {
    writeAtomically(
      file,
      `${JSON.stringify({ version: 1, secrets: Object.fromEntries(next) } satisfies SecretsFile)}\n`,
    );
    blobs = next;
  };

  return {
    get(profileId) {
      const blob = load().get(profileId);
      if (blob === undefined) return undefined;
      try {
        return cipher.decrypt(Buffer.from(blob, 'base64'));
      } catch {
        // Another user account, a reset keychain, a copied profile: the blob is unreadable here.
        warn(`The saved API key of profile ${JSON.stringify(profileId)} could not be decrypted; enter it again.`);
        return undefined;
      }
    },

    set(profileId, secret) {
      // Refusing is deliberate: on Linux without a keyring (Secret Service or KWallet) the only
      // alternatives are plaintext or Chromium's fixed "basic_text" key, which is plaintext in all
      // but name. Reading keys saved earlier still works; an environment profile needs no storage.
      const reason = cipher.unavailableReason();
      if (reason !== undefined) {
        throw new WanError('secure_storage', {
          detail: `${reason} Wan Studio will not store API keys unencrypted. Start a keyring (for example gnome-keyring or KWallet) and save the key again, or set WAN_BASE_URL and WAN_API_KEY in the environment.`,
          isRetryable: false,
        });
      }
      const encrypted = cipher.encrypt(secret).toString('base64');
      const next = new Map(load());
      next.set(profileId, encrypted);
      save(next);
    },

    delete(profileId) {
      if (!load().has(profileId)) return;
      const next = new Map(load());
      next.delete(profileId);
      save(next);
    },
  };
}

function readBlobs(file: string, warn: (message: string) => void): Map<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw new WanError('disk', { detail: `could not read the saved API keys: ${(err as Error).message}`, cause: err });
  }
  try {
    const parsed = JSON.parse(text) as Partial<SecretsFile> | null;
    const entries = Object.entries(parsed?.secrets ?? {}).filter((entry): entry is [string, string] => {
      return typeof entry[1] === 'string';
    });
    return new Map(entries);
  } catch {
    warn('The file of saved API keys is damaged; the keys in it must be entered again.');
    return new Map();
  }
}

/** Temp file (0600), flush, rename: a crash never leaves half a file or a moment of wider permissions. */
function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o600);
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw new WanError('disk', { detail: `could not save the API keys: ${(err as Error).message}`, cause: err });
  }
}
