import { useState } from 'react';
import { detailWorthShowing } from '../../../../shared/errors';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { FolderField } from '../../components/FolderField';
import { Toaster } from '../../components/Toaster';
import { formatBytes } from '../../lib/format';
import { useLocaleStore, useT } from '../../lib/i18n';
import { FolderPath } from '../export/ExportRun';
import { ImportResult } from './ImportResult';
import { folderProblem, taskErrorText, useLibraryTasks, type LibraryTask, type TaskResult } from './library-tasks';
import { libraryStrings } from './strings';
import './library.css';
import { ProgressBar } from '../../components/ProgressBar';

// The dialog behind Import…, Back up… and Move library…: a folder, what will happen, then
// progress and the outcome (or the error in words, with the detail main gave).

type Key = keyof typeof libraryStrings;

const TEXT: Record<LibraryTask, { title: Key; folder: Key; explain: Key; start: Key; running: Key; done: Key }> = {
  import: {
    title: 'importTitle',
    folder: 'importFolder',
    explain: 'importExplain',
    start: 'importStart',
    running: 'importRunning',
    done: 'importDone',
  },
  backup: {
    title: 'backupTitle',
    folder: 'backupFolder',
    explain: 'backupExplain',
    start: 'backupStart',
    running: 'backupRunning',
    done: 'backupDone',
  },
  move: {
    title: 'moveTitle',
    folder: 'moveFolder',
    explain: 'moveExplain',
    start: 'moveStart',
    running: 'moveRunning',
    done: 'moveDone',
  },
};

function Progress({ task }: { task: LibraryTask }) {
  const t = useT(libraryStrings);
  const locale = useLocaleStore((s) => s.locale);
  const progress = useLibraryTasks((s) => s.progress);
  const number = new Intl.NumberFormat(locale);
  return (
    <div className="library-progress" data-testid="library-task-progress">
      <p>{t(TEXT[task].running)}</p>
      <ProgressBar
        value={progress && progress.total > 0 ? progress.done / progress.total : null}
        label={t('progressLabel')}
      />
      <p className="field-hint">
        {progress
          ? t('progress', { done: number.format(progress.done), total: number.format(progress.total) })
          : t('preparing')}
      </p>
    </div>
  );
}

function Outcome({ result }: { result: TaskResult }) {
  const t = useT(libraryStrings);
  const locale = useLocaleStore((s) => s.locale);
  const number = new Intl.NumberFormat(locale);
  if (result.task === 'import') return <ImportResult summary={result.value} />;
  const size = formatBytes(result.value.bytes, locale);
  const n = number.format(result.value.images);
  return (
    <div className="library-outcome" data-testid="library-task-result">
      <h3 className="library-outcome-title">{t(TEXT[result.task].done)}</h3>
      {result.task === 'backup' ? (
        <>
          <FolderPath path={result.value.folder} note={t('backupResult', { n, size })} />
          {result.value.problems.length > 0 && (
            <div role="alert" data-testid="backup-problems">
              <p>{t('backupProblems', { n: number.format(result.value.problems.length) })}</p>
              <ul>
                {result.value.problems.map((p) => (
                  <li key={p.id}>
                    {t(p.problem === 'missing' ? 'backupMissing' : 'backupDamaged')} <code>{p.path}</code>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </>
      ) : (
        <FolderPath path={result.value.libraryPath} note={t('moveResult', { n, size })} />
      )}
    </div>
  );
}

function TaskBody({ task }: { task: LibraryTask }) {
  const t = useT(libraryStrings);
  const locale = useLocaleStore((s) => s.locale);
  const folder = useLibraryTasks((s) => s.folders[task]);
  const isRunning = useLibraryTasks((s) => s.running === task);
  const isOtherRunning = useLibraryTasks((s) => s.running !== null && s.running !== task);
  const result = useLibraryTasks((s) => (s.result?.task === task ? s.result : null));
  const error = useLibraryTasks((s) => s.error);
  const { setFolder, run, close } = useLibraryTasks.getState();
  const [isTried, setIsTried] = useState(false);
  const problem = folderProblem(folder);
  const showProblem = problem !== null && (isTried || problem === 'not_absolute');

  const start = (): void => {
    setIsTried(true);
    if (problem === null) void run(task);
  };

  return (
    <div className="library-task" data-testid={`library-task-${task}`}>
      <p className="library-explain">{t(TEXT[task].explain)}</p>
      {!result && (
        <FolderField
          label={t(TEXT[task].folder)}
          purpose={task}
          value={folder}
          testId="library-task-folder"
          isDisabled={isRunning}
          error={showProblem ? t(problem === 'missing' ? 'folderMissing' : 'folderNotAbsolute') : undefined}
          onChange={(value) => setFolder(task, value)}
        />
      )}
      {isRunning && <Progress task={task} />}
      {error && !isRunning && (
        <p className="export-error" role="alert" data-testid="library-task-error">
          {taskErrorText(error, locale)}
          {detailWorthShowing(error) && <span className="export-error-detail"> ({error.detail})</span>}
        </p>
      )}
      {isOtherRunning && <p className="field-hint">{t('busy')}</p>}
      {result && <Outcome result={result} />}
      <footer className="export-foot">
        <span className="export-foot-spacer" />
        {result ? (
          <Button variant="primary" data-testid="library-task-close" onClick={close}>
            {t('close')}
          </Button>
        ) : (
          <>
            <Button variant="ghost" onClick={close}>
              {isRunning ? t('runInBackground') : t('cancel')}
            </Button>
            <Button
              variant="primary"
              data-testid="library-task-start"
              disabled={isRunning || isOtherRunning}
              onClick={start}
            >
              {t(TEXT[task].start)}
            </Button>
          </>
        )}
      </footer>
    </div>
  );
}

/** Mounted once (in the app shell); `useLibraryTasks.getState().open(task)` shows it. */
export function LibraryTaskDialog() {
  const t = useT(libraryStrings);
  const task = useLibraryTasks((s) => s.shownTask);
  const close = useLibraryTasks((s) => s.close);
  return (
    <Dialog
      isOpen={task !== null}
      title={task ? t(TEXT[task].title) : ''}
      onClose={close}
      testId="library-task-dialog"
      className="library-dialog"
    >
      {task && <TaskBody key={task} task={task} />}
      {task && <Toaster />}
    </Dialog>
  );
}
