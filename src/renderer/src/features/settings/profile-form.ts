import { checkBaseUrl } from '../../../../shared/base-url';
import {
  DASHSCOPE_REGIONS,
  type DashScopeRegion,
  type EditStyle,
  type PaletteStyle,
  type ProviderKind,
} from '../../../../shared/capabilities';
import type { KindedProfileSave, KindedProfileView } from '../studio/inputs-api';

// The provider editor's form as plain data. The key is write-only: the form starts blank, and
// blank means "keep what is saved".

export type ProfileForm = {
  id: string | undefined;
  name: string;
  baseUrl: string;
  apiKey: string;
  isRemovingKey: boolean;
  kind: ProviderKind;
  /** DashScope: a named region fills the base URL; 'custom' takes a workspace root typed in. */
  region: DashScopeRegion | 'custom';
  editStyle: EditStyle;
  paletteStyle: PaletteStyle;
};

export const DEFAULT_GATEWAY_URL = 'https://open.dieyuyun.com/v1';
// The gateway defaults: JSON edits (multipart drops size and every extension); the palette as the
// documented string, since most gateways pass only that through.
const GATEWAY_DEFAULTS = { editStyle: 'json', paletteStyle: 'text' } as const;

export type ProfileFormErrors = Partial<Record<'name' | 'baseUrl', 'nameRequired' | 'nameTooLong' | 'urlInvalid'>>;

const NAME_MAX = 80;

/** A new profile starts as a gateway with the default base URL filled in, never an empty field. */
export function emptyProfileForm(): ProfileForm {
  return {
    id: undefined,
    name: '',
    baseUrl: DEFAULT_GATEWAY_URL,
    apiKey: '',
    isRemovingKey: false,
    kind: 'openai',
    region: 'beijing',
    ...GATEWAY_DEFAULTS,
  };
}

/** A profile from a main without kind fields is what it always was: an OpenAI-compatible gateway. */
export function profileFormFrom(profile: KindedProfileView): ProfileForm {
  const kind = profile.kind ?? 'openai';
  return {
    id: profile.id,
    name: profile.name,
    baseUrl: profile.baseUrl,
    apiKey: '',
    isRemovingKey: false,
    kind,
    region: kind === 'dashscope' ? (profile.region ?? 'custom') : 'beijing',
    editStyle: profile.editStyle ?? GATEWAY_DEFAULTS.editStyle,
    paletteStyle: profile.paletteStyle ?? GATEWAY_DEFAULTS.paletteStyle,
  };
}

const isRegionUrl = (url: string): boolean => Object.values(DASHSCOPE_REGIONS).some((u) => u === url.trim());

/** Switching kind fills the base URL the kind expects, unless one of the person's own is there. */
export function withKind(form: ProfileForm, kind: ProviderKind): ProfileForm {
  if (kind === form.kind) return form;
  if (kind === 'dashscope') {
    const region = form.region === 'custom' ? 'beijing' : form.region;
    return { ...form, kind, region, baseUrl: DASHSCOPE_REGIONS[region] };
  }
  const keepsUrl = form.baseUrl.trim() !== '' && !isRegionUrl(form.baseUrl);
  return { ...form, kind, baseUrl: keepsUrl ? form.baseUrl : DEFAULT_GATEWAY_URL };
}

/** A named region sets its base URL; 'custom' keeps the URL for the person to edit. */
export function withRegion(form: ProfileForm, region: ProfileForm['region']): ProfileForm {
  if (region === 'custom') return { ...form, region, baseUrl: isRegionUrl(form.baseUrl) ? '' : form.baseUrl };
  return { ...form, region, baseUrl: DASHSCOPE_REGIONS[region] };
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
export function toSaveInput(form: ProfileForm): KindedProfileSave {
  const key = form.apiKey.trim();
  const apiKey = key !== '' ? key : form.isRemovingKey ? '' : undefined;
  return {
    ...(form.id ? { id: form.id } : {}),
    name: form.name.trim(),
    baseUrl: form.baseUrl.trim(),
    ...(apiKey !== undefined ? { apiKey } : {}),
    kind: form.kind,
    region: form.kind === 'dashscope' && form.region !== 'custom' ? form.region : null,
    editStyle: form.editStyle,
    paletteStyle: form.paletteStyle,
  };
}
