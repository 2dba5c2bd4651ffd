import { useState } from 'react';
import type { ProfileView } from '../../../../shared/contract';
import { describeError } from '../../../../shared/errors';
import { activeProfileOf } from '../../app/app-selectors';
import { toErrorValue, useAppStore } from '../../app/app-store';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { PlusIcon } from '../../components/icons';
import { showToast } from '../../components/toast-store';
import { useLocaleStore, useT } from '../../lib/i18n';
import { onboardingStrings } from '../onboarding/strings';
import { useWelcomeStore } from '../onboarding/welcome-store';
import { ProfileCard } from './ProfileCard';
import { ProfileEditor } from './ProfileEditor';
import { settingsStrings } from './strings';

type Editing = { profile: ProfileView | null } | null;

export function ProfilesSection() {
  const t = useT(settingsStrings);
  const ot = useT(onboardingStrings);
  const locale = useLocaleStore((s) => s.locale);
  const profiles = useAppStore((s) => s.profiles);
  const settings = useAppStore((s) => s.settings);
  const isBrowserHost = useAppStore((s) => s.info?.host === 'browser');
  const updateSettings = useAppStore((s) => s.updateSettings);
  const deleteProfile = useAppStore((s) => s.deleteProfile);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<ProfileView | null>(null);
  const active = activeProfileOf(settings, profiles);

  const report = (err: unknown): void => {
    showToast('error', describeError(toErrorValue(err), locale));
  };

  const confirmDelete = async (): Promise<void> => {
    if (!deleting) return;
    const id = deleting.id;
    setDeleting(null);
    await deleteProfile(id).catch(report);
  };

  return (
    <section className="settings-section" aria-labelledby="providers-title" data-testid="settings-providers">
      <header className="section-head">
        <div>
          <h2 id="providers-title" className="section-title">
            {t('providers')}
          </h2>
          <p className="section-hint">{t(isBrowserHost ? 'providersHintBrowser' : 'providersHint')}</p>
        </div>
        <div className="section-actions">
          <Button
            variant="ghost"
            data-testid="welcome-reopen"
            title={ot('showAgainHint')}
            onClick={() => useWelcomeStore.getState().open()}
          >
            {ot('showAgain')}
          </Button>
          <Button icon={<PlusIcon />} data-testid="profile-add" onClick={() => setEditing({ profile: null })}>
            {t('addProvider')}
          </Button>
        </div>
      </header>

      {profiles.length === 0 ? (
        <p className="empty-note">{t('noProviders')}</p>
      ) : (
        <ul className="profile-list" aria-label={t('activeProvider')}>
          {profiles.map((profile) => (
            <ProfileCard
              key={profile.id}
              profile={profile}
              isActive={profile.id === active?.id}
              onActivate={() => void updateSettings({ activeProfileId: profile.id }).catch(report)}
              onEdit={() => setEditing({ profile })}
              onDelete={() => setDeleting(profile)}
            />
          ))}
        </ul>
      )}

      {editing && <ProfileEditor profile={editing.profile} onClose={() => setEditing(null)} />}

      <Dialog
        isOpen={deleting !== null}
        title={t('deleteTitle')}
        onClose={() => setDeleting(null)}
        testId="profile-delete-dialog"
        footer={
          <>
            <Button variant="ghost" onClick={() => setDeleting(null)}>
              {t('cancel')}
            </Button>
            <Button variant="danger" data-testid="profile-delete-confirm" onClick={() => void confirmDelete()}>
              {t('delete')}
            </Button>
          </>
        }
      >
        <p>{t('deleteBody', { name: deleting?.name ?? '' })}</p>
      </Dialog>
    </section>
  );
}
