import { useState } from 'react';
import type { InvokeOutput, ProfileView } from '../../../../shared/contract';
import { describeError, type ErrorValue } from '../../../../shared/errors';
import { isBuiltInProfile } from '../../app/app-selectors';
import { toErrorValue } from '../../app/app-store';
import { Button } from '../../components/Button';
import { ErrorDetails } from '../../components/ErrorDetails';
import { useLocaleStore, useT } from '../../lib/i18n';
import { call } from '../../lib/wan';
import type { KindedProfileView } from '../studio/inputs-api';
import { settingsStrings } from './strings';

/** "DashScope · Singapore", or the gateway kind (a profile from an older main is a gateway). */
function kindLabel(profile: KindedProfileView, t: (key: keyof typeof settingsStrings) => string): string {
  if (profile.kind !== 'dashscope') return t('kindOpenai');
  const region =
    profile.region === 'beijing'
      ? 'regionBeijing'
      : profile.region === 'singapore'
        ? 'regionSingapore'
        : 'regionCustom';
  return `${t('kindDashscope')} · ${t(region)}`;
}

type TestState =
  | { phase: 'idle' }
  | { phase: 'testing' }
  | { phase: 'done'; result: InvokeOutput<'profiles.test'> }
  | { phase: 'error'; message: string; error: ErrorValue };

type ProfileCardProps = {
  profile: ProfileView;
  isActive: boolean;
  onActivate: () => void;
  onEdit: () => void;
  onDelete: () => void;
};

export function ProfileCard({ profile, isActive, onActivate, onEdit, onDelete }: ProfileCardProps) {
  const t = useT(settingsStrings);
  const locale = useLocaleStore((s) => s.locale);
  const [test, setTest] = useState<TestState>({ phase: 'idle' });
  const isBuiltIn = isBuiltInProfile(profile);
  const name = profile.isSimulator ? t('simulator') : profile.name;

  const runTest = async (): Promise<void> => {
    setTest({ phase: 'testing' });
    try {
      setTest({ phase: 'done', result: await call('profiles.test', { id: profile.id }) });
    } catch (err) {
      const error = toErrorValue(err);
      setTest({ phase: 'error', message: describeError(error, locale), error });
    }
  };

  const testMessage =
    test.phase === 'done'
      ? test.result.isOk
        ? test.result.models.length > 0
          ? t('testOkModels', { ms: Math.round(test.result.latencyMs), count: test.result.models.length })
          : t('testOk', { ms: Math.round(test.result.latencyMs) })
        : test.result.error
          ? describeError(test.result.error, locale)
          : ''
      : test.phase === 'error'
        ? test.message
        : null;
  const isTestOk = test.phase === 'done' && test.result.isOk;
  const testError = test.phase === 'error' ? test.error : test.phase === 'done' ? test.result.error : undefined;

  return (
    <li
      className={isActive ? 'profile-card is-active' : 'profile-card'}
      data-testid="profile-card"
      data-profile-id={profile.id}
      data-active={isActive ? 'true' : 'false'}
    >
      <label className="profile-select">
        <input
          type="radio"
          name="active-profile"
          checked={isActive}
          aria-label={t('useProvider', { name })}
          data-testid="profile-activate"
          onChange={onActivate}
        />
      </label>
      <div className="profile-main">
        <p className="profile-name">
          {name}
          {isActive && <span className="pill pill-accent">{t('active')}</span>}
          {profile.isSimulator && <span className="pill pill-simulator">{t('builtIn')}</span>}
        </p>
        <p className="profile-url">
          {kindLabel(profile, t)} · {profile.baseUrl}
        </p>
        <p className="profile-key" data-testid="profile-key-hint">
          {profile.keyHint ? t('keySaved', { hint: profile.keyHint }) : profile.hasKey ? '' : t('noKey')}
        </p>
        {testMessage !== null && (
          <p
            className={isTestOk ? 'test-result is-ok' : 'test-result is-error'}
            role="status"
            data-testid="profile-test-result"
            data-ok={isTestOk ? 'true' : 'false'}
          >
            {testMessage}
          </p>
        )}
        {testError && !isTestOk && <ErrorDetails error={testError} testId="profile-test-details" />}
      </div>
      <div className="profile-actions">
        <Button size="sm" data-testid="profile-test" disabled={test.phase === 'testing'} onClick={() => void runTest()}>
          {test.phase === 'testing' ? t('testing') : t('test')}
        </Button>
        {!isBuiltIn && (
          <>
            <Button
              size="sm"
              variant="ghost"
              aria-label={t('editNamed', { name })}
              data-testid="profile-edit"
              onClick={onEdit}
            >
              {t('edit')}
            </Button>
            <Button
              size="sm"
              variant="ghost"
              className="btn-danger-text"
              aria-label={t('deleteNamed', { name })}
              data-testid="profile-delete"
              onClick={onDelete}
            >
              {t('delete')}
            </Button>
          </>
        )}
      </div>
    </li>
  );
}
