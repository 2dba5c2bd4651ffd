import { describe, expect, it } from 'vitest';
import type { ProfileView, Settings } from '../../../src/shared/contract';
import {
  activeProfileOf,
  generateBlockOf,
  resolveTheme,
  resolveUiLocale,
} from '../../../src/renderer/src/app/app-selectors';
import {
  emptyProfileForm,
  DEFAULT_GATEWAY_URL,
  profileFormFrom,
  toSaveInput,
  withKind,
  withRegion,
  validateProfileForm,
} from '../../../src/renderer/src/features/settings/profile-form';

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

const settings = (patch: Partial<Settings> = {}): Settings => ({
  language: 'system',
  theme: 'system',
  defaultModel: 'wan2.7-image-pro',
  defaultSize: '2048x2048',
  concurrency: 2,
  queueTimeoutMinutes: 30,
  activeProfileId: null,
  isWelcomeDismissed: false,
  monthlyBudget: null,
  ...patch,
});

describe('app selectors', () => {
  it('follows the system language unless one is chosen', () => {
    expect(resolveUiLocale('system', 'zh-CN', 'en')).toBe('zh-CN');
    expect(resolveUiLocale('en', 'zh-CN', 'zh-CN')).toBe('en');
    expect(resolveUiLocale(undefined, undefined, 'en')).toBe('en');
  });

  it('resolves the system theme from the OS preference', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme(undefined, false)).toBe('light');
  });

  it('picks the chosen profile, else the first with a key (as main does)', () => {
    const list = [profile({ id: 'nokey', hasKey: false }), profile({ id: 'sim', isSimulator: true })];
    expect(activeProfileOf(settings(), list)?.id).toBe('sim');
    expect(activeProfileOf(settings({ activeProfileId: 'nokey' }), list)?.id).toBe('nokey');
  });

  it('blocks generating offline except on the simulator', () => {
    const base = { isLoaded: true, isOnline: false };
    expect(generateBlockOf({ ...base, activeProfile: profile({}) })).toBe('offline');
    expect(generateBlockOf({ ...base, activeProfile: profile({ isSimulator: true }) })).toBeNull();
    expect(generateBlockOf({ ...base, isOnline: true, activeProfile: undefined })).toBe('no_profile');
    expect(generateBlockOf({ ...base, isOnline: true, activeProfile: profile({ hasKey: false }) })).toBe('no_key');
  });
});

describe('profile form', () => {
  it('never pre-fills the key, and blank keeps the saved one', () => {
    const form = profileFormFrom(profile({ id: 'p1' }));
    expect(form.apiKey).toBe('');
    expect(toSaveInput(form)).toEqual({ id: 'p1', name: 'P', baseUrl: 'https://example.test/v1', ...GATEWAY });
  });

  it('sends a typed key trimmed, and an empty string to remove it', () => {
    const form = { ...emptyProfileForm(), name: ' Gw ', baseUrl: 'https://gw.test/v1', apiKey: ' sk-1 ' };
    expect(toSaveInput(form)).toEqual({ name: 'Gw', baseUrl: 'https://gw.test/v1', apiKey: 'sk-1', ...GATEWAY });
    expect(toSaveInput({ ...form, apiKey: '', isRemovingKey: true }).apiKey).toBe('');
  });

  it('starts a new provider with the gateway default base URL, not an empty field', () => {
    expect(emptyProfileForm()).toMatchObject({ kind: 'openai', baseUrl: DEFAULT_GATEWAY_URL });
    expect(withKind(emptyProfileForm(), 'dashscope').baseUrl).toBe('https://dashscope.aliyuncs.com/api/v1');
  });

  it('requires a name and an http(s) URL', () => {
    expect(validateProfileForm(emptyProfileForm())).toEqual({ name: 'nameRequired' });
    expect(validateProfileForm({ ...emptyProfileForm(), baseUrl: '' })).toEqual({
      name: 'nameRequired',
      baseUrl: 'urlInvalid',
    });
    expect(validateProfileForm({ ...emptyProfileForm(), name: 'x', baseUrl: 'ftp://x' })).toEqual({
      baseUrl: 'urlInvalid',
    });
    expect(validateProfileForm({ ...emptyProfileForm(), name: 'x', baseUrl: 'http://127.0.0.1:8080/v1' })).toEqual({});
  });
});

// A profile saved from the form states its kind and styles; a gateway has no region.
const GATEWAY = { kind: 'openai', region: null, editStyle: 'json', paletteStyle: 'text' };

describe('provider kind, region and gateway styles', () => {
  it('reads a profile’s kind, region and gateway styles into the form', () => {
    const form = profileFormFrom({
      id: 'p',
      name: 'P',
      baseUrl: 'https://dashscope-intl.aliyuncs.com/api/v1',
      hasKey: false,
      keyHint: null,
      isSimulator: false,
      kind: 'dashscope',
      region: 'singapore',
      editStyle: 'json',
      paletteStyle: 'text',
    });
    expect(form).toMatchObject({ kind: 'dashscope', region: 'singapore' });
  });

  it('switching to DashScope fills the Beijing root; Singapore and custom change it; back to gateway restores the default', () => {
    let form = withKind({ ...emptyProfileForm(), name: 'D' }, 'dashscope');
    expect(form.baseUrl).toBe('https://dashscope.aliyuncs.com/api/v1');
    form = withRegion(form, 'singapore');
    expect(form.baseUrl).toBe('https://dashscope-intl.aliyuncs.com/api/v1');
    expect(toSaveInput(form)).toMatchObject({ kind: 'dashscope', region: 'singapore' });
    form = withRegion(form, 'custom');
    expect(form.baseUrl).toBe('');
    form = { ...form, baseUrl: 'https://ws-1.example.test/api/v1' };
    expect(toSaveInput(form)).toMatchObject({
      kind: 'dashscope',
      region: null,
      baseUrl: 'https://ws-1.example.test/api/v1',
    });
    // A root the person typed is theirs; only a region's URL is swapped for the gateway default.
    expect(withKind(form, 'openai').baseUrl).toBe('https://ws-1.example.test/api/v1');
    expect(withKind(withRegion(form, 'beijing'), 'openai').baseUrl).toBe(DEFAULT_GATEWAY_URL);
  });
});
