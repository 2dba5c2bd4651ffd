import { create } from 'zustand';
import type { InvokeOutput } from '../../../../shared/contract';
import { describeError, type ErrorValue } from '../../../../shared/errors';
import { toErrorValue, useAppStore } from '../../app/app-store';
import { showToast } from '../../components/toast-store';
import { format, translate, useLocaleStore } from '../../lib/i18n';
import type { Locale } from '../../../../shared/i18n-messages';
import { call, onEvent } from '../../lib/wan';
import { isAbsolutePath } from '../export/export-form';
import { galleryStore } from '../gallery/gallery-store';
import { refreshTags } from '../gallery/tag-store';
import { libraryStrings } from './strings';

// Import, back up and move: one at a time (they all walk the whole library), each answering when
// it ends while `library.progressed` reports along the way. The folder last used for each is kept.

export const LIBRARY_TASKS = ['import', 'backup', 'move'] as const;
export type LibraryTask = (typeof LIBRARY_TASKS)[number];

export type TaskResult =
  | { task: 'import'; value: InvokeOutput<'library.import'> }
  | { task: 'backup'; value: InvokeOutput<'library.backup'> }
  | { task: 'move'; value: InvokeOutput<'library.move'> };

type LibraryTaskState = {
  /** The task whose dialog is open. */
  shownTask: LibraryTask | null;
  running: LibraryTask | null;
  progress: { done: number; total: number } | null;
  result: TaskResult | null;
  error: ErrorValue | null;
  folders: Record<LibraryTask, string>;
  open(task: LibraryTask): void;
  close(): void;
  setFolder(task: LibraryTask, folder: string): void;
  run(task: LibraryTask): Promise<void>;
};

const FOLDERS_KEY = 'wan-studio.library-folders';
const TITLE_KEYS = { import: 'importTitle', backup: 'backupTitle', move: 'moveTitle' } as const;

function loadFolders(): Record<LibraryTask, string> {
  const folders = { import: '', backup: '', move: '' };
  try {
    const saved = JSON.parse(localStorage.getItem(FOLDERS_KEY) ?? '{}') as Record<string, unknown>;
    for (const task of LIBRARY_TASKS) if (typeof saved[task] === 'string') folders[task] = saved[task];
  } catch {
    // Nothing remembered (or no localStorage): start empty.
  }
  return folders;
}

function saveFolders(folders: Record<LibraryTask, string>): void {
  try {
    localStorage.setItem(FOLDERS_KEY, JSON.stringify(folders));
  } catch {
    // Forgetting a folder is harmless.
  }
}

export type FolderProblem = 'missing' | 'not_absolute' | null;

export function folderProblem(folder: string): FolderProblem {
  const trimmed = folder.trim();
  if (trimmed === '') return 'missing';
  return isAbsolutePath(trimmed) ? null : 'not_absolute';
}

async function perform(task: LibraryTask, folder: string): Promise<TaskResult> {
  if (task === 'import') return { task, value: await call('library.import', { folder }) };
  if (task === 'backup') return { task, value: await call('library.backup', { folder }) };
  return { task, value: await call('library.move', { folder }) };
}

/** What else must catch up once a task has changed the library. */
function afterSuccess(result: TaskResult): void {
  if (result.task === 'backup') return;
  // `library.changed` also says so, but a person who just imported should not wait on an event.
  void galleryStore.getState().handleStructuralChange();
  refreshTags();
  if (result.task === 'move') void useAppStore.getState().load();
}

export const useLibraryTasks = create<LibraryTaskState>((set, get) => ({
  shownTask: null,
  running: null,
  progress: null,
  result: null,
  error: null,
  folders: typeof localStorage === 'undefined' ? { import: '', backup: '', move: '' } : loadFolders(),

  open(task) {
    const { running } = get();
    // Reopening the dialog of the running task shows its progress; another task starts afresh.
    if (running === task) set({ shownTask: task });
    else set({ shownTask: task, result: null, error: null, progress: running ? get().progress : null });
  },
  close() {
    set({ shownTask: null });
  },
  setFolder(task, folder) {
    const folders = { ...get().folders, [task]: folder };
    saveFolders(folders);
    set({ folders });
  },

  async run(task) {
    if (get().running) {
      set({ error: { code: 'internal', message: translate(libraryStrings, 'busy'), isRetryable: true } });
      return;
    }
    const folder = get().folders[task].trim();
    set({ running: task, progress: null, result: null, error: null });
    try {
      const result = await perform(task, folder);
      set({ result });
      afterSuccess(result);
      if (get().shownTask !== task) {
        showToast(
          'success',
          translate(libraryStrings, 'taskDoneToast', { task: translate(libraryStrings, TITLE_KEYS[task]) }),
        );
      }
    } catch (error) {
      const value = toErrorValue(error);
      set({ error: value });
      if (get().shownTask !== task) {
        const locale = useLocaleStore.getState().locale;
        const name = translate(libraryStrings, TITLE_KEYS[task]);
        // A refused folder names its task in its own sentence ("Choose an empty folder for the backup: …").
        showToast(
          'error',
          value.folderProblem
            ? describeError(value, locale)
            : translate(libraryStrings, 'taskFailedToast', { task: name, reason: describeError(value, locale) }),
        );
      }
    } finally {
      set({ running: null });
    }
  },
}));

/** What the task's dialog says when it failed: a refused folder's own sentence, else "That did not work: …". */
export function taskErrorText(error: ErrorValue, locale: Locale): string {
  const reason = describeError(error, locale);
  return error.folderProblem ? reason : format(libraryStrings.failed[locale], { reason });
}

/** Follows `library.progressed` for the whole app; returns the unsubscribe. */
export function listenLibraryProgress(): () => void {
  return onEvent('library.progressed', ({ task, done, total }) => {
    if (useLibraryTasks.getState().running === task) useLibraryTasks.setState({ progress: { done, total } });
  });
}
