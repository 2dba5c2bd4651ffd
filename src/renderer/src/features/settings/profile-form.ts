import { checkBaseUrl } from '../../../../shared/base-url';
import type { InvokeInput, ProfileView } from '../../../../shared/contract';

// The provider editor's form as plain data. The key is write-only: the form starts blank, and
// blank means "keep what is saved".

export type ProfileForm = {
  id: string | undefined;
  name: string;
  baseUrl: string;
  apiKey: string;
  isRemovingKey: boolean;
};

export type ProfileFormErrors = Partial<Record<'name' | 'baseUrl', 'nameRequired' | 'nameTooLong' | 'urlInvalid'>>;

const NAME_MAX = 80;

export function emptyProfileForm(): ProfileForm {
  return { id: undefined, name: '', baseUrl: '', apiKey: '', isRemovingKey: false };
}

export function profileFormFrom(profile: ProfileView): ProfileForm {
  return { id: profile.id, name: profile.name, baseUrl: profile.baseUrl, apiKey: '', isRemovingKey: false };
}

export function validateProfileForm(form: ProfileForm): ProfileFormErrors {
  const errors: ProfileFormErrors = {};
  const name = form.name.trim();
  if (name === '') errors.name = 'nameRequired';
  else if (name.length > NAME_MAX) errors.name = 'nameTooLong';
  // The same rule main applies to profiles.save: http(s) only, never file: or javascript:.
  if (!checkBaseUrl(form.baseUrl).ok) errors.baseUrl = 'urlInvalid';
  return errors;
}

/** What `profiles.save` gets: no apiKey keeps the saved one, '' removes it, text replaces it. */
export function toSaveInput(form: ProfileForm): InvokeInput<'profiles.save'> {
  const key = form.apiKey.trim();
  const apiKey = key !== '' ? key : form.isRemovingKey ? '' : undefined;
  return {
    ...(form.id ? { id: form.id } : {}),
    name: form.name.trim(),
    baseUrl: form.baseUrl.trim(),
    ...(apiKey !== undefined ? { apiKey } : {}),
  };
}
