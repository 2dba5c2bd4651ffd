import type { DashScopeRegion } from '../../../../shared/capabilities';
import type { ProfileView, Settings } from '../../../../shared/contract';
import { validateProfileForm, type ProfileForm } from '../settings/profile-form';

// The first-run welcome as plain data: when it shows, what it saves, where a key comes from.

/**
 * Where each region's API keys are made (Alibaba Cloud Model Studio's key page). A key works only
 * in the region it was made in, so the link follows the region chosen.
 */
export const KEY_CONSOLES: Readonly<Record<DashScopeRegion, string>> = {
  beijing: 'https://bailian.console.aliyun.com/?apiKey=1',
  singapore: 'https://modelstudio.console.alibabacloud.com/?apiKey=1',
};

/**
 * First launch: not dismissed yet, and no provider of the person's own with a key. Someone who
 * already set one up (an older library, WAN_API_KEY) is not greeted as a newcomer.
 */
export function shouldShowWelcome(settings: Settings | null, profiles: readonly ProfileView[]): boolean {
  if (!settings || settings.isWelcomeDismissed) return false;
  return !profiles.some((p) => !p.isSimulator && p.hasKey);
}

/** A name a person recognises in Settings: "DashScope · Singapore", or the gateway's host. */
export function welcomeProfileName(form: ProfileForm, regionLabel: string): string {
  if (form.kind === 'dashscope') return `DashScope · ${regionLabel}`;
  try {
    return new URL(form.baseUrl.trim()).host || 'Gateway';
  } catch {
    return 'Gateway';
  }
}

export type WelcomeProblems = { baseUrl?: 'urlInvalid'; apiKey?: 'keyMissing' };

/** The welcome saves a provider only with a key: without one there is nothing to test. */
export function welcomeProblems(form: ProfileForm): WelcomeProblems {
  const problems: WelcomeProblems = {};
  if (validateProfileForm({ ...form, name: 'x' }).baseUrl) problems.baseUrl = 'urlInvalid';
  if (form.apiKey.trim() === '') problems.apiKey = 'keyMissing';
  return problems;
}
