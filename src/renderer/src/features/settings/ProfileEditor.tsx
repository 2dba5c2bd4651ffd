import { useState } from 'react';
import { describeError } from '../../../../shared/errors';
import type { ProfileView } from '../../../../shared/contract';
import { toErrorValue, useAppStore } from '../../app/app-store';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { showToast } from '../../components/toast-store';
import { useLocaleStore, useT } from '../../lib/i18n';
import { ProfileKindFields } from './ProfileKindFields';
import {
  emptyProfileForm,
  profileFormFrom,
  toSaveInput,
  validateProfileForm,
  DEFAULT_GATEWAY_URL,
  type ProfileForm,
} from './profile-form';
import { settingsStrings } from './strings';

type ProfileEditorProps = {
  /** The profile being edited, or null for a new one. */
  profile: ProfileView | null;
  onClose: () => void;
};

/** Mounted fresh each time it opens, so the form always starts from the saved profile. */
export function ProfileEditor({ profile, onClose }: ProfileEditorProps) {
  const isBrowserHost = useAppStore((st) => st.info?.host === 'browser');
  const t = useT(settingsStrings);
  const locale = useLocaleStore((s) => s.locale);
  const saveProfile = useAppStore((s) => s.saveProfile);
  const [form, setForm] = useState<ProfileForm>(() => (profile ? profileFormFrom(profile) : emptyProfileForm()));
  const [hasTriedSave, setHasTriedSave] = useState(false);
  const [isSaving, setIsSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const errors = hasTriedSave ? validateProfileForm(form) : {};
  const update = (patch: Partial<ProfileForm>): void => setForm((f) => ({ ...f, ...patch }));
  // A named DashScope region decides the URL; only a custom root is typed.
  const isRegionUrl = form.kind === 'dashscope' && form.region !== 'custom';

  const save = async (): Promise<void> => {
    setHasTriedSave(true);
    if (Object.keys(validateProfileForm(form)).length > 0) return;
    setIsSaving(true);
    setSaveError(null);
    try {
      await saveProfile(toSaveInput(form));
      showToast('success', t('saved'));
      onClose();
    } catch (err) {
      setSaveError(describeError(toErrorValue(err), locale));
    } finally {
      setIsSaving(false);
    }
  };

  return (
    <Dialog
      isOpen
      title={profile ? t('editProvider') : t('newProvider')}
      onClose={onClose}
      testId="profile-editor"
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            {t('cancel')}
          </Button>
          <Button variant="primary" disabled={isSaving} data-testid="profile-save" onClick={() => void save()}>
            {isSaving ? t('saving') : t('save')}
          </Button>
        </>
      }
    >
      <form
        className="profile-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Field label={t('name')} error={errors.name && t(errors.name)}>
          {(control) => (
            <input
              {...control}
              className="input"
              data-testid="profile-name"
              value={form.name}
              placeholder={t('namePlaceholder')}
              autoFocus
              onChange={(e) => update({ name: e.target.value })}
            />
          )}
        </Field>
        <ProfileKindFields form={form} onChange={setForm} />
        <Field
          label={t('baseUrl')}
          hint={form.kind === 'openai' ? t('baseUrlHint') : t(isRegionUrl ? 'baseUrlRegion' : 'baseUrlDashscope')}
          error={errors.baseUrl && t(errors.baseUrl)}
        >
          {(control) => (
            <input
              {...control}
              className="input"
              type="url"
              data-testid="profile-base-url"
              value={form.baseUrl}
              readOnly={isRegionUrl}
              placeholder={form.kind === 'openai' ? DEFAULT_GATEWAY_URL : 'https://…/api/v1'}
              spellCheck={false}
              onChange={(e) => update({ baseUrl: e.target.value })}
            />
          )}
        </Field>
        <Field
          label={t('apiKey')}
          hint={
            profile?.keyHint
              ? t('apiKeyKeep', { hint: profile.keyHint })
              : t(isBrowserHost ? 'apiKeyNewBrowser' : 'apiKeyNew')
          }
        >
          {(control) => (
            <input
              {...control}
              className="input"
              type="password"
              data-testid="profile-api-key"
              value={form.apiKey}
              autoComplete="off"
              spellCheck={false}
              disabled={form.isRemovingKey}
              placeholder={profile?.keyHint ?? 'sk-…'}
              onChange={(e) => update({ apiKey: e.target.value })}
            />
          )}
        </Field>
        {profile?.hasKey && (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={form.isRemovingKey}
              data-testid="profile-remove-key"
              onChange={(e) => update({ isRemovingKey: e.target.checked, apiKey: '' })}
            />
            <span>{t('removeKey')}</span>
          </label>
        )}
        {saveError && (
          <p className="field-error" role="alert" data-testid="profile-save-error">
            {saveError}
          </p>
        )}
        {/* Lets Enter in any field submit, like a native form. */}
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}
