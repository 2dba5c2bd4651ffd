import { useState } from 'react';
import type { InvokeOutput } from '../../../../shared/contract';
import { describeError, type ErrorValue } from '../../../../shared/errors';
import { toErrorValue, useAppStore } from '../../app/app-store';
import { useNavigationStore } from '../../app/navigation-store';
import { Button } from '../../components/Button';
import { ErrorDetails } from '../../components/ErrorDetails';
import { Dialog } from '../../components/Dialog';
import { showToast } from '../../components/toast-store';
import { useLocaleStore, useT } from '../../lib/i18n';
import { call } from '../../lib/wan';
import { emptyProfileForm, toSaveInput, type ProfileForm } from '../settings/profile-form';
import { settingsStrings } from '../settings/strings';
import { onboardingStrings } from './strings';
import { welcomeProblems, welcomeProfileName, type WelcomeProblems } from './welcome-model';
import { useWelcomeStore } from './welcome-store';
import { REGION_LABEL, WelcomeProviderForm } from './WelcomeProviderForm';
import './onboarding.css';

// The first-run welcome: what the simulator is, and the way to a real provider with its key and a
// connection test. Closing it in any way (Escape too) is remembered in the settings; Settings →
// "Set up a provider" opens it again.

type Status =
  | { phase: 'idle' }
  | { phase: 'testing' }
  | { phase: 'ok'; message: string }
  | { phase: 'failed'; message: string; error?: ErrorValue };

type TestResult = InvokeOutput<'profiles.test'>;

function WelcomeBody({ onClose }: { onClose: () => void }) {
  const t = useT(onboardingStrings);
  const st = useT(settingsStrings);
  const locale = useLocaleStore((s) => s.locale);
  const isBrowserHost = useAppStore((s) => s.info?.host === 'browser');
  const [form, setForm] = useState<ProfileForm>(emptyProfileForm);
  const [problems, setProblems] = useState<WelcomeProblems>({});
  const [status, setStatus] = useState<Status>({ phase: 'idle' });

  const change = (next: ProfileForm): void => {
    setForm(next);
    setProblems({});
    if (status.phase !== 'testing') setStatus({ phase: 'idle' });
  };

  const saveAndTest = async (): Promise<void> => {
    const found = welcomeProblems(form);
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setStatus({ phase: 'testing' });
    const regionLabel = form.region === 'custom' ? '' : st(REGION_LABEL[form.region]);
    const name = welcomeProfileName(form, regionLabel);
    try {
      // Saved again on a second try (a corrected key), as the same profile.
      const saved = await useAppStore.getState().saveProfile(toSaveInput({ ...form, name }));
      setForm((f) => ({ ...f, id: saved.id }));
      const result: TestResult = await call('profiles.test', { id: saved.id });
      if (!result.isOk) {
        const reason = result.error ? describeError(result.error, locale) : '';
        setStatus({ phase: 'failed', message: t('testFailed', { reason }), error: result.error ?? undefined });
        return;
      }
      // Only a provider that answered becomes the one in use.
      await useAppStore.getState().updateSettings({ activeProfileId: saved.id });
      setStatus({ phase: 'ok', message: t('testOk', { ms: Math.round(result.latencyMs), name: saved.name }) });
    } catch (err) {
      const error = toErrorValue(err);
      setStatus({ phase: 'failed', message: describeError(error, locale), error });
    }
  };

  const isOk = status.phase === 'ok';
  return (
    <Dialog
      isOpen
      title={t('title')}
      onClose={onClose}
      testId="welcome"
      className="welcome-dialog"
      footer={
        isOk ? (
          <Button
            variant="primary"
            data-testid="welcome-done"
            // The form it replaces had focus; keep the keyboard inside the dialog.
            autoFocus
            onClick={() => {
              useNavigationStore.getState().setView('studio');
              onClose();
            }}
          >
            {t('startCreating')}
          </Button>
        ) : (
          <>
            <Button variant="ghost" data-testid="welcome-dismiss" onClick={onClose}>
              {t('keepSimulator')}
            </Button>
            <Button
              variant="primary"
              data-testid="welcome-save"
              disabled={status.phase === 'testing'}
              onClick={() => void saveAndTest()}
            >
              {status.phase === 'testing' ? t('testing') : t('saveAndTest')}
            </Button>
          </>
        )
      }
    >
      <p className="welcome-simulator" data-testid="welcome-simulator">
        {t('simulator')}
      </p>
      <p className="welcome-lead">{t('lead')}</p>
      <form
        className="welcome-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void saveAndTest();
        }}
      >
        {!isOk && (
          <WelcomeProviderForm form={form} problems={problems} isBrowserHost={isBrowserHost} onChange={change} />
        )}
        {/* Lets Enter in a field submit, like a native form. */}
        <button type="submit" hidden />
      </form>
      <p
        className={`welcome-status${isOk ? ' is-ok' : status.phase === 'failed' ? ' is-error' : ''}`}
        role="status"
        data-testid="welcome-status"
        data-phase={status.phase}
      >
        {status.phase === 'ok' || status.phase === 'failed' ? status.message : ''}
      </p>
      {status.phase === 'failed' && status.error && <ErrorDetails error={status.error} testId="welcome-test-details" />}
    </Dialog>
  );
}

/** Mounted once in the app; whether it shows was decided by useWelcomeDecision. */
export function WelcomeDialog() {
  const phase = useWelcomeStore((s) => s.phase);
  if (phase !== 'open') return null;
  const close = (): void => {
    useWelcomeStore.getState().close();
    if (useAppStore.getState().settings?.isWelcomeDismissed) return;
    useAppStore
      .getState()
      .updateSettings({ isWelcomeDismissed: true })
      .catch((err: unknown) => showToast('error', describeError(toErrorValue(err), useLocaleStore.getState().locale)));
  };
  return <WelcomeBody onClose={close} />;
}
