import { appendFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventName, InvokeInput, InvokeMethod, InvokeOutput } from '../../src/shared/contract';
import { createInvoker } from '../../src/main/ipc/invoker';
import { createAppServices } from '../../src/main/services/app/app-services';
import type { AppHostOptions, SecretStore } from '../../src/main/services/app/app-types';
import { createNodeFileLogger } from '../../src/main/services/logging/node-logger';
import { createKnownSecrets } from '../../src/main/services/logging/redact';
import { MIGRATIONS } from '../../src/main/services/library/migrations';
import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { tempDir } from '../helpers/library';
import { useSimulator } from '../helpers/simulator';

// Diagnostics through the real handlers, on a real SQLite library, with the real log file: a
// report someone pastes into a bug tracker carries no key, no hint of one, and no prompt unless
// they asked for prompts.

const SAVED_KEY = 'saved-gateway-key-Qm4Rt8Wv2Xy6';
const PROMPT = '一只戴着红围巾的柴犬在雪地里奔跑 [[sim task=fail code=InternalError message=render_broke]]';
const ctx = useSimulator({ taskDurationMs: 100 });
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function memorySecrets(): SecretStore {
  const data = new Map<string, string>();
  return { get: (id) => data.get(id), set: (id, v) => void data.set(id, v), delete: (id) => void data.delete(id) };
}

function boot(extra: Partial<AppHostOptions> = {}, prepare: (home: string) => void = () => {}) {
  const dir = tempDir('wan-diag-');
  cleanups.push(dir.remove);
  const home = path.join(dir.path, 'library');
  prepare(home);
  const knownSecrets = createKnownSecrets();
  const logger = createNodeFileLogger({
    folder: path.join(dir.path, 'logs'),
    fileName: 'main.log',
    secrets: knownSecrets,
  });
  const services = createAppServices({
    home,
    host: 'browser',
    version: '0.0.0-diag',
    systemLocale: 'en-US',
    secrets: memorySecrets(),
    mediaUrl: (rel) => `/media/${rel}`,
    simulator: { baseUrl: ctx.sim.baseUrl, key: ctx.sim.key },
    pollTiming: { firstDelayMs: 20, minIntervalMs: 20, maxIntervalMs: 40 },
    logger,
    logFiles: logger,
    knownSecrets,
    ...extra,
  });
  cleanups.push(() => services.close());
  const events: Array<{ name: EventName; payload: { generationId?: string } }> = [];
  services.onEvent((name, payload) => events.push({ name, payload: payload as { generationId?: string } }));
  const invoke = createInvoker(services.handlers);
  const call = async <M extends InvokeMethod>(m: M, i: InvokeInput<M>): Promise<InvokeOutput<M>> => {
    const result = await invoke(m, i);
    if (!result.ok) throw new Error(`${m}: ${result.error.message}`);
    return result.value as InvokeOutput<M>;
  };
  const settled = (generationId: string): Promise<void> =>
    new Promise((resolve) => {
      const off = services.onEvent((name, payload) => {
        const id = (payload as { generationId?: string }).generationId;
        if (id === generationId && (name === 'generation.failed' || name === 'generation.finished')) {
          off();
          resolve();
        }
      });
    });
  return { call, logger, home, events, settled };
}

describe('diagnostics and the app log', { timeout: 30_000 }, () => {
  it('name versions, settings, profiles and counts, with no key, no key hint and no prompt unless asked', async () => {
    const { call, logger, home, settled } = boot();
    const saved = await call('profiles.save', {
      name: 'My gateway',
      baseUrl: 'https://gw.example.com/v1',
      apiKey: SAVED_KEY,
    });
    expect(saved.keyHint).toMatch(/^••••/);
    const { generationId } = await call('generation.start', {
      request: { model: 'wan2.7-image', prompt: PROMPT, size: '1024x1024' },
      profileId: 'simulator',
    });
    await settled(generationId);
    // An upstream that echoes the prompt and the key back, as some do in their error messages.
    logger.warn('upstream said', { detail: `cannot draw "${PROMPT}" with key ${SAVED_KEY}` });
    // A line from before scrubbing existed (or another tool): the report scrubs again.
    appendFileSync(logger.file, `[old] key was ${SAVED_KEY} and ${ctx.sim.key}\n`);

    const plain = await call('app.diagnostics', { isPromptIncluded: false });
    const text = plain.text;
    expect(plain.logLines).toBeGreaterThan(3);
    for (const expected of [
      'Wan Studio 0.0.0-diag (browser mode)',
      `Library: ${home}`,
      '"My gateway" https://gw.example.com/v1 hasKey=true',
      'Offline simulator',
      'generations: failed 1',
      `${generationId}`,
      'job failed',
      'library created',
      'prompts removed',
    ])
      expect(text).toContain(expected);
    expect(text).toMatch(/Runtime: .*Node /);
    for (const secret of [SAVED_KEY, ctx.sim.key, '••••']) expect(text).not.toContain(secret);
    expect(text).not.toContain('柴犬');

    const withPrompts = await call('app.diagnostics', { isPromptIncluded: true });
    expect(withPrompts.text).toContain(`prompt=${JSON.stringify(PROMPT)}`);
    expect(withPrompts.text).toContain(`cannot draw \\"${PROMPT}\\"`);
    for (const secret of [SAVED_KEY, ctx.sim.key, '••••']) expect(withPrompts.text).not.toContain(secret);
    // The log file itself never held the saved key: the hook learned it when it was saved.
    expect(readFileSync(logger.file, 'utf8').split(`[old]`)[0]).not.toContain(SAVED_KEY);
  });

  it('open the logs folder in the desktop app, and name it in browser mode', async () => {
    const browser = boot();
    const answer = await browser.call('app.openLogsFolder', undefined);
    expect(answer).toEqual({ isOpened: false, folder: path.dirname(browser.logger.file) });

    const opened: string[] = [];
    const desktop = boot({ host: 'electron', openFolder: async (folder) => (opened.push(folder), true) });
    expect(await desktop.call('app.openLogsFolder', undefined)).toEqual({
      isOpened: true,
      folder: path.dirname(desktop.logger.file),
    });
    expect(opened).toEqual([path.dirname(desktop.logger.file)]);
  });

  it('log a library migrated from an older schema', () => {
    const { logger } = boot({}, (home) => {
      // A library as an older Wan Studio left it: every migration but the last.
      mkdirSync(home, { recursive: true });
      const db = new BetterSqlite3(path.join(home, 'library.sqlite'));
      db.function('wan_chars', (text: unknown) => (typeof text === 'string' ? text : null));
      db.function('wan_fold', (text: unknown) => (typeof text === 'string' ? text : null));
      for (const step of MIGRATIONS.slice(0, -1)) db.exec(step);
      db.pragma(`user_version = ${MIGRATIONS.length - 1}`);
      db.close();
    });
    const text = readFileSync(logger.file, 'utf8');
    expect(text).toContain(`library migrated {"home":`);
    expect(text).toContain(`"from":${MIGRATIONS.length - 1},"to":${MIGRATIONS.length}}`);
  });

  it('log a long task when it starts and ends, and why it failed', async () => {
    const { call, logger } = boot();
    const target = tempDir('wan-diag-backup-');
    cleanups.push(target.remove);
    const backup = path.join(target.path, 'backup');
    await call('library.backup', { folder: backup });
    // The same folder again now holds a backup: refused, and the log says with which code.
    await expect(call('library.backup', { folder: backup })).rejects.toThrow();
    const lines = readFileSync(logger.file, 'utf8').trim().split('\n');
    const backupLines = lines.filter((line) => line.includes('backup '));
    expect(backupLines.map((line) => /\]\s+(backup \w+)/.exec(line)?.[1])).toEqual([
      'backup started',
      'backup finished',
      'backup started',
      'backup failed',
    ]);
    expect(backupLines[1]).toMatch(/"images":0,"bytes":\d+/);
    expect(backupLines[3]).toMatch(/"code":"\w+"/);
  });
});
