import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeError, detailWorthShowing, errorValueSchema } from '../../src/shared/errors';
import { folderProblemSentence } from '../../src/shared/folder-problems';
import { checkDestination } from '../../src/main/services/library/library-copy';
import { WanError } from '../../src/main/services/wan-error';
import { taskErrorText } from '../../src/renderer/src/features/library/library-tasks';

// A refused folder reads as one sentence that names it and the reason, in both languages, in the
// app's dialogs and toasts as in the CLI — not "That did not work: That folder cannot be used
// here — choose another one (the details say why). (… is not an empty folder)".

const root = mkdtempSync(path.join(tmpdir(), 'wan-folder-problems-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function refusal(promise: Promise<unknown>): Promise<WanError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof WanError)) throw new Error(`expected a WanError, got ${String(err)}`);
  return err;
}

describe('refused folders', () => {
  it('words a used backup folder as one sentence naming it, in English and Chinese', async () => {
    const home = path.join(root, 'library');
    const used = path.join(root, 'used');
    mkdirSync(home, { recursive: true });
    mkdirSync(used, { recursive: true });
    writeFileSync(path.join(used, 'notes.txt'), 'mine');

    const err = await refusal(checkDestination(home, used, 'backup'));
    // What crosses the boundary survives the contract's schema.
    const value = errorValueSchema.parse(err.toValue());
    expect(value).toMatchObject({ code: 'bad_folder', folderProblem: 'not_empty', folderTask: 'backup', path: used });
    expect(describeError(value, 'en')).toBe(`Choose an empty folder for the backup: ${used} already has files in it.`);
    expect(describeError(value, 'zh-CN')).toBe(`请为备份选择一个空文件夹:${used} 中已有文件。`);
    // The thrown error's own message (logs, `--json` message) is the same sentence.
    expect(err.message).toBe(`Choose an empty folder for the backup: ${used} already has files in it.`);
    // Nothing is repeated after it, and the dialog drops its "That did not work:" lead.
    expect(detailWorthShowing(value)).toBeUndefined();
    expect(taskErrorText(value, 'en')).toBe(describeError(value, 'en'));
  });

  it('says which way round a folder and the library overlap, for a move', async () => {
    const home = path.join(root, 'lib2');
    mkdirSync(home, { recursive: true });
    const inside = await refusal(checkDestination(home, path.join(home, 'sub'), 'move'));
    expect(describeError(inside.toValue(), 'en')).toBe(
      `Choose a folder outside the library for the library’s new place: ${path.join(home, 'sub')} is inside the library folder.`,
    );
    const holding = await refusal(checkDestination(home, root, 'move'));
    expect(describeError(holding.toValue(), 'en')).toBe(
      `Choose another folder for the library’s new place: ${root} contains the library folder itself.`,
    );
  });

  it('keeps other errors as they were: the sentence, the detail, and the dialog’s lead', () => {
    const value = new WanError('write_failed', { detail: 'EIO: i/o error' }).toValue();
    expect(detailWorthShowing(value)).toBe('EIO: i/o error');
    expect(taskErrorText(value, 'en')).toBe(`That did not work: ${describeError(value, 'en')}`);
    // A bad_folder without a named problem still has its general sentence.
    expect(describeError({ code: 'bad_folder', message: '', isRetryable: false }, 'en')).toContain(
      'That folder cannot be used here',
    );
  });

  it('reads without a task too, in both languages', () => {
    expect(folderProblemSentence('missing', '/x/in', 'en')).toBe('Choose an existing folder: /x/in does not exist.');
    expect(folderProblemSentence('missing', '/x/in', 'zh-CN', 'import')).toBe(
      '请为导入选择一个已存在的文件夹:/x/in 不存在。',
    );
  });
});
