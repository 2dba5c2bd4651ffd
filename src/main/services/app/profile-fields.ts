import { DASHSCOPE_REGIONS } from '../../../shared/capabilities';
import type { Locale } from '../../../shared/i18n-messages';
import type { ProfileKindFields } from '../../../shared/inputs-contract';
import { requireHttpBaseUrl } from '../providers/base-url';
import { DEFAULT_DASHSCOPE_REGION } from '../providers/dashscope-client';
import { DEFAULT_BASE_URL } from '../providers/gateway-client';
import { DEFAULT_PROFILE_KIND_FIELDS, type StoredProfile } from './settings-repository';

// What `profiles.save` stores: the fields given, else the saved ones, else the defaults. A DashScope
// profile with a region talks to that region's root; with region null, to the root given (a
// workspace domain, a proxy). A gateway profile has no region.

export type ProfileInput = { baseUrl?: string } & Partial<ProfileKindFields>;

export function profileFieldsToSave(
  input: ProfileInput,
  saved: StoredProfile | undefined,
  locale: Locale,
): { baseUrl: string } & ProfileKindFields {
  const kind = input.kind ?? saved?.kind ?? DEFAULT_PROFILE_KIND_FIELDS.kind;
  const editStyle = input.editStyle ?? saved?.editStyle ?? DEFAULT_PROFILE_KIND_FIELDS.editStyle;
  const paletteStyle = input.paletteStyle ?? saved?.paletteStyle ?? DEFAULT_PROFILE_KIND_FIELDS.paletteStyle;
  if (kind === 'openai') {
    const baseUrl = requireHttpBaseUrl(input.baseUrl ?? saved?.baseUrl ?? DEFAULT_BASE_URL, locale);
    return { kind, region: null, editStyle, paletteStyle, baseUrl };
  }
  const wasDashScope = saved?.kind === 'dashscope';
  const region =
    input.region !== undefined
      ? input.region
      : wasDashScope && !input.baseUrl
        ? saved.region
        : input.baseUrl
          ? null
          : DEFAULT_DASHSCOPE_REGION;
  const baseUrl = region
    ? DASHSCOPE_REGIONS[region]
    : requireHttpBaseUrl(input.baseUrl ?? (wasDashScope ? saved.baseUrl : DASHSCOPE_REGIONS.beijing), locale);
  return { kind, region, editStyle, paletteStyle, baseUrl };
}
