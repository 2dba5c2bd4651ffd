import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkTemplate, templateProblem } from '../../src/shared/export-names';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/library';

// The CLI refuses a bad export template with the very sentence the export dialog shows (both read
// shared/export-names.ts), in the terminal's language, before anything is written.

const root = tempDir('wan-cli-template-');
afterAll(() => root.remove());
const env = (lang: string): Record<string, string> => ({
  WAN_STUDIO_HOME: join(root.path, 'library'),
  XDG_CONFIG_HOME: join(root.path, 'cfg'),
  LANG: lang,
});

describe('export --template', { timeout: 60_000 }, () => {
  it('answers a template without a token with the app’s sentence, in English and Chinese', async () => {
    const to = join(root.path, 'out');
    const en = await runCli(['export', '--all', '--to', to, '--template', 'photo'], env('en_US.UTF-8'));
    expect(en.code).toBe(2);
    expect(en.stderr.trim()).toBe('--template: Add at least one {token}, or every file would get the same name.');
    expect(en.stderr).toContain(templateProblem(checkTemplate('photo'), 'en'));

    const zh = await runCli(['export', '--all', '--to', to, '--template', 'photo'], env('zh_CN.UTF-8'));
    expect(zh.code).toBe(2);
    expect(zh.stderr.trim()).toBe('--template: 请至少包含一个 {标记},否则所有文件会同名。');
    expect(existsSync(to)).toBe(false);
  });

  it('names an unknown token and the ones there are', async () => {
    const result = await runCli(
      ['export', '--all', '--to', join(root.path, 'out2'), '--template', '{sed}_{index}'],
      env('en_US.UTF-8'),
    );
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      '--template: “{sed}” is not a known token. Known: {date} {time} {model} {size} {seed} {index} {prompt} {prompt:N} {id}.',
    );
  });
});
