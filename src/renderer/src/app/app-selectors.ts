import type { InvokeOutput, ProfileView, Settings } from '../../../shared/contract';
import type { Locale } from '../../../shared/i18n-messages';
import { preferredLocale } from '../lib/i18n';

// Pure derivations over what main hands out; kept apart from React so they unit-test in Node.

export type AppInfo = InvokeOutput<'app.info'>;
export type ResolvedTheme = 'light' | 'dark';

export function resolveUiLocale(
  language: Settings['language'] | undefined,
  systemLocale: Locale | undefined,
  fallback: Locale,
): Locale {
  if (language && language !== 'system') return language;
  return systemLocale ?? fallback;
}

/**
 * What "Same as system" means where the renderer runs. In Electron, the OS language main reports.
 * In browser mode the "system" a person sees is their browser: the server's LANG belongs to
 * whoever started it (a CI box, a shared machine) and is only the fallback.
 */
export function systemLocaleOf(
  info: Pick<AppInfo, 'host' | 'systemLocale'> | null | undefined,
  browserLanguages: readonly string[],
): Locale | undefined {
  if (!info) return undefined;
  if (info.host !== 'browser') return info.systemLocale;
  return preferredLocale(browserLanguages) ?? info.systemLocale;
}

export function resolveTheme(theme: Settings['theme'] | undefined, prefersDark: boolean): ResolvedTheme {
  if (theme === 'light' || theme === 'dark') return theme;
  return prefersDark ? 'dark' : 'light';
}

/** Mirrors main's choice (provider-registry `resolve`): the active profile, else the first with a key. */
export function activeProfileOf(settings: Settings | null, profiles: readonly ProfileView[]): ProfileView | undefined {
  const wanted = settings?.activeProfileId;
  return wanted ? profiles.find((p) => p.id === wanted) : profiles.find((p) => p.hasKey);
}

// Main offers these from its own configuration (the simulator, WAN_BASE_URL); they are not saved
// profiles, so they cannot be edited or deleted here.
const ENV_PROFILE_ID = 'env';
export function isBuiltInProfile(profile: ProfileView): boolean {
  return profile.isSimulator || profile.id === ENV_PROFILE_ID;
}

export type GenerateBlock = 'loading' | 'offline' | 'no_profile' | 'no_key';

/** Why generating cannot start right now, apart from the form's own validation. */
export function generateBlockOf(args: {
  isLoaded: boolean;
  isOnline: boolean;
  activeProfile: ProfileView | undefined;
}): GenerateBlock | null {
  if (!args.isLoaded) return 'loading';
  if (!args.activeProfile) return 'no_profile';
  if (!args.activeProfile.hasKey) return 'no_key';
  // The simulator runs on this machine, so it keeps working without a network.
  if (!args.isOnline && !args.activeProfile.isSimulator) return 'offline';
  return null;
}
