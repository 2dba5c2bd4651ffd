import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileSecretStore, type SecretCipher } from '../../../src/main/platform/secret-store';
import { WanError } from '../../../src/main/services/wan-error';

// A reversible stand-in for safeStorage whose output does not contain the plain text.
function testCipher(state: { reason?: string } = {}): SecretCipher {
  return {
    unavailableReason: () => state.reason,
    encrypt: (plain) => Buffer.from(`enc:${Buffer.from(plain).toString('hex')}`),
    decrypt: (blob) => {
      const text = blob.toString();
      if (!text.startsWith('enc:')) throw new Error('not ours');
      return Buffer.from(text.slice(4), 'hex').toString();
    },
  };
}

const KEY = 'sk-live-0123456789abcdef';
let dir: string;
let file: string;
let warnings: string[];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'wan-secrets-'));
  file = path.join(dir, 'secrets.json');
  warnings = [];
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const open = (cipher = testCipher()) => createFileSecretStore({ file, cipher, warn: (m) => warnings.push(m) });

describe('createFileSecretStore', () => {
  it('keeps keys encrypted in a 0600 file and reads them back in a new store', async () => {
    open().set('p1', KEY);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(KEY);
    expect(JSON.parse(text)).toEqual({ version: 1, secrets: { p1: expect.any(String) } });
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(open().get('p1')).toBe(KEY);
    expect(open().get('other')).toBeUndefined();
  });

  it('leaves no temp files behind', async () => {
    const store = open();
    store.set('p1', KEY);
    store.set('p2', 'second');
    store.delete('p1');
    expect(await readdir(dir)).toEqual(['secrets.json']);
    expect(open().get('p1')).toBeUndefined();
    expect(open().get('p2')).toBe('second');
  });

  it('refuses to save without encryption, with a reason and without the key, and changes nothing', async () => {
    open().set('p1', KEY);
    const before = await readFile(file, 'utf8');
    const state: { reason?: string } = { reason: 'No keyring (Secret Service or KWallet) is running.' };
    const store = open(testCipher(state));
    let caught: unknown;
    try {
      store.set('p2', 'new-secret-value');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(WanError);
    const value = (caught as WanError).toValue();
    expect(value.detail).toContain('No keyring');
    expect(value.detail).toContain('unencrypted');
    expect(JSON.stringify(value)).not.toContain('new-secret-value');
    expect(value.isRetryable).toBe(false);
    expect(await readFile(file, 'utf8')).toBe(before);
    // Reading what was saved before still works, and so does forgetting it.
    expect(store.get('p1')).toBe(KEY);
    store.delete('p1');
    expect(open().get('p1')).toBeUndefined();
  });

  it('treats a blob it cannot decrypt as no key, and says so without the blob', async () => {
    await writeFile(file, JSON.stringify({ version: 1, secrets: { p1: Buffer.from('garbage').toString('base64') } }));
    expect(open().get('p1')).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('p1');
  });

  it('starts over from a damaged file', async () => {
    await writeFile(file, '{ not json');
    const store = open();
    expect(store.get('p1')).toBeUndefined();
    store.set('p1', KEY);
    expect(open().get('p1')).toBe(KEY);
    expect(warnings.join(' ')).toContain('damaged');
  });
});
