import { describe, expect, it } from 'vitest';
import type { ProfileView, Settings } from '../../../src/shared/contract';
import { resolveUiLocale, systemLocaleOf } from '../../../src/renderer/src/app/app-selectors';
import { preferredLocale } from '../../../src/renderer/src/lib/i18n';
import { emptyProfileForm, withKind, withRegion } from '../../../src/renderer/src/features/settings/profile-form';
import {
  KEY_CONSOLES,
  shouldShowWelcome,
  welcomeProblems,
  welcomeProfileName,
} from '../../../src/renderer/src/features/onboarding/welcome-model';

const settings = (patch: Partial<Settings> = {}): Settings => ({
  language: 'system',
  theme: 'system',
  defaultModel: 'wan2.7-image-pro',
  defaultSize: '2048x2048',
  concurrency: 5,
  queueTimeoutMinutes: 30,
  activeProfileId: null,
  isWelcomeDismissed: false,
  monthlyBudget: null,
  ...patch,
});

const profile = (patch: Partial<ProfileView>): ProfileView => ({
  id: 'p',
  name: 'P',
  baseUrl: 'https://example.test/v1',
  hasKey: true,
  keyHint: '••••abcd',
  isSimulator: false,
  kind: 'openai',
  region: null,
  editStyle: 'json',
  paletteStyle: 'text',
  ...patch,
});
const simulator = profile({ id: 'simulator', isSimulator: true });

describe('"Same as system" language', () => {
  it('takes the first of the browser’s languages that the app speaks', () => {
    expect(preferredLocale(['zh-CN', 'en-US'])).toBe('zh-CN');
    expect(preferredLocale(['fr-FR', 'zh-TW', 'en'])).toBe('zh-CN');
    expect(preferredLocale(['en-GB', 'zh-CN'])).toBe('en');
    expect(preferredLocale(['zh'])).toBe('zh-CN');
    // "zha" (Zhuang) is not Chinese.
    expect(preferredLocale(['zha', 'fr'])).toBe('en');
    expect(preferredLocale([])).toBeUndefined();
  });

  it('follows the browser in browser mode, whatever the server’s LANG says', () => {
    const server = { host: 'browser', systemLocale: 'en' } as const;
    expect(systemLocaleOf(server, ['zh-CN', 'zh'])).toBe('zh-CN');
    expect(systemLocaleOf({ ...server, systemLocale: 'zh-CN' }, ['en-US'])).toBe('en');
    // A browser that states no language leaves the server's.
    expect(systemLocaleOf({ ...server, systemLocale: 'zh-CN' }, [])).toBe('zh-CN');
    expect(resolveUiLocale('system', systemLocaleOf(server, ['zh-CN']), 'en')).toBe('zh-CN');
    // A language chosen in Settings wins over both.
    expect(resolveUiLocale('en', systemLocaleOf(server, ['zh-CN']), 'zh-CN')).toBe('en');
  });

  it('follows the operating system in the desktop app, not the page’s languages', () => {
    expect(systemLocaleOf({ host: 'electron', systemLocale: 'en' }, ['zh-CN'])).toBe('en');
    expect(systemLocaleOf({ host: 'electron', systemLocale: 'zh-CN' }, ['en-US'])).toBe('zh-CN');
    expect(systemLocaleOf(null, ['zh-CN'])).toBeUndefined();
  });
});

describe('first-run welcome', () => {
  it('shows on a first run: not dismissed, and only the simulator has a key', () => {
    expect(shouldShowWelcome(settings(), [simulator])).toBe(true);
    expect(shouldShowWelcome(settings(), [simulator, profile({ hasKey: false })])).toBe(true);
    expect(shouldShowWelcome(settings({ isWelcomeDismissed: true }), [simulator])).toBe(false);
    // Someone who already has a provider with a key (an older library, WAN_API_KEY) is no newcomer.
    expect(shouldShowWelcome(settings(), [simulator, profile({ id: 'env' })])).toBe(false);
    expect(shouldShowWelcome(null, [simulator])).toBe(false);
  });

  it('starts with the gateway’s default URL; DashScope fills its region’s root and key console', () => {
    const gateway = emptyProfileForm();
    expect(gateway.baseUrl).toBe('https://open.dieyuyun.com/v1');
    const beijing = withKind(gateway, 'dashscope');
    expect(beijing).toMatchObject({ region: 'beijing', baseUrl: 'https://dashscope.aliyuncs.com/api/v1' });
    const singapore = withRegion(beijing, 'singapore');
    expect(singapore.baseUrl).toBe('https://dashscope-intl.aliyuncs.com/api/v1');
    expect(KEY_CONSOLES.beijing).toBe('https://bailian.console.aliyun.com/?apiKey=1');
    expect(KEY_CONSOLES.singapore).toBe('https://modelstudio.console.alibabacloud.com/?apiKey=1');
  });

  it('names the saved provider so Settings shows something recognisable', () => {
    expect(welcomeProfileName(withKind(emptyProfileForm(), 'dashscope'), 'China (Beijing)')).toBe(
      'DashScope · China (Beijing)',
    );
    expect(welcomeProfileName({ ...emptyProfileForm(), baseUrl: 'http://127.0.0.1:8787/v1' }, '')).toBe(
      '127.0.0.1:8787',
    );
    expect(welcomeProfileName({ ...emptyProfileForm(), baseUrl: 'not a url' }, '')).toBe('Gateway');
  });

  it('asks for a key and a usable base URL before saving', () => {
    expect(welcomeProblems(emptyProfileForm())).toEqual({ apiKey: 'keyMissing' });
    expect(welcomeProblems({ ...emptyProfileForm(), apiKey: ' sk-1 ' })).toEqual({});
    expect(welcomeProblems({ ...emptyProfileForm(), apiKey: 'sk-1', baseUrl: 'file:///etc' })).toEqual({
      baseUrl: 'urlInvalid',
    });
  });
});
