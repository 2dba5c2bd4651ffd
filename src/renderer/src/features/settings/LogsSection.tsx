import { useState } from 'react';
import { describeError } from '../../../../shared/errors';
import { toErrorValue } from '../../app/app-store';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Switch } from '../../components/Switch';
import { showToast } from '../../components/toast-store';
import { translate, useLocaleStore, useT } from '../../lib/i18n';
import { copyText, loadDiagnostics, openLogsFolder, type LogsFolderAnswer } from './diagnostics-actions';
import { settingsStrings } from './strings';

// Settings → Logs and diagnostics: open the logs folder (browser mode shows its path instead) and
// copy a diagnostics text for a bug report, shown in full before anyone pastes it anywhere.

function reportError(err: unknown): void {
  showToast('error', describeError(toErrorValue(err), useLocaleStore.getState().locale));
}

async function copyWithToast(text: string, successKey: 'pathCopied' | 'diagnosticsCopied'): Promise<void> {
  const failure = await copyText(text);
  if (failure === null) showToast('success', translate(settingsStrings, successKey));
  else showToast('error', translate(settingsStrings, 'copyFailed', { reason: failure }));
}

export function LogsSection() {
  const t = useT(settingsStrings);
  const [folder, setFolder] = useState<LogsFolderAnswer | null>(null);
  const [isPromptIncluded, setPromptIncluded] = useState(false);
  const [text, setText] = useState<string | null>(null);
  const [isOpen, setOpen] = useState(false);
  const [isLoading, setLoading] = useState(false);

  const gather = async (withPrompts: boolean, isCopied: boolean): Promise<void> => {
    setLoading(true);
    try {
      const gathered = await loadDiagnostics(withPrompts);
      setText(gathered);
      setOpen(true);
      if (isCopied) await copyWithToast(gathered, 'diagnosticsCopied');
    } catch (err) {
      reportError(err);
    } finally {
      setLoading(false);
    }
  };

  return (
    <section className="settings-section" aria-labelledby="logs-title" data-testid="settings-logs">
      <header className="section-head">
        <div>
          <h2 id="logs-title" className="section-title">
            {t('logs')}
          </h2>
          <p className="section-hint">{t('logsHint')}</p>
        </div>
      </header>
      <Switch
        label={t('includePrompts')}
        description={t('includePromptsHint')}
        isOn={isPromptIncluded}
        testId="diagnostics-include-prompts"
        onChange={(isOn) => {
          setPromptIncluded(isOn);
          // The dialog shows what would be copied: it follows the switch.
          if (isOpen) void gather(isOn, false);
        }}
      />
      <div className="logs-actions">
        <Button data-testid="logs-open-folder" onClick={() => void openLogsFolder().then(setFolder, reportError)}>
          {t('openLogs')}
        </Button>
        <Button
          variant="primary"
          data-testid="diagnostics-copy"
          disabled={isLoading}
          onClick={() => void gather(isPromptIncluded, true)}
        >
          {t('copyDiagnostics')}
        </Button>
      </div>
      {folder && !folder.isOpened && <LogsFolderPath folder={folder.folder} />}
      <Dialog
        isOpen={isOpen}
        title={t('diagnosticsTitle')}
        onClose={() => setOpen(false)}
        testId="diagnostics-dialog"
        className="diagnostics-dialog"
        footer={
          <>
            <Button
              disabled={text === null}
              onClick={() => text !== null && void copyWithToast(text, 'diagnosticsCopied')}
            >
              {t('copyAgain')}
            </Button>
            <Button variant="primary" data-testid="diagnostics-close" onClick={() => setOpen(false)}>
              {t('close')}
            </Button>
          </>
        }
      >
        <p className="field-hint">{isLoading ? t('diagnosticsLoading') : t('diagnosticsNote')}</p>
        <textarea
          className="input mono diagnostics-text"
          readOnly
          aria-label={t('diagnosticsTitle')}
          data-testid="diagnostics-text"
          value={text ?? ''}
        />
      </Dialog>
    </section>
  );
}

/** Browser mode: the folder as text with a copy button, as other folder actions there do. */
function LogsFolderPath({ folder }: { folder: string | null }) {
  const t = useT(settingsStrings);
  if (folder === null) return <p className="section-hint">{t('noLogs')}</p>;
  return (
    <div className="logs-folder" data-testid="logs-folder-path">
      <p className="field-hint">{t('logsFolderNote')}</p>
      <div className="logs-folder-row">
        <code className="mono" data-testid="logs-folder-text">
          {folder}
        </code>
        <Button size="sm" variant="ghost" onClick={() => void copyWithToast(folder, 'pathCopied')}>
          {t('copyPath')}
        </Button>
      </div>
    </div>
  );
}
