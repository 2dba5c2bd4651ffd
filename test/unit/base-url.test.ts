import { describe, expect, it } from 'vitest';
import { baseUrlProblem, checkBaseUrl } from '../../src/shared/base-url';
import { requireHttpBaseUrl } from '../../src/main/services/providers/base-url';
import { WanError } from '../../src/main/services/wan-error';
import { emptyProfileForm, validateProfileForm } from '../../src/renderer/src/features/settings/profile-form';

const REFUSED = [
  'file:///etc/passwd',
  'javascript:alert(1)',
  'data:text/plain,hi',
  'wan-media://library/images/a.png',
  'ftp://gw.test/v1',
  'open.dieyuyun.com/v1',
  '',
  'https://',
];

describe('a provider base URL', () => {
  it('is http or https with a host, kept without trailing slashes', () => {
    expect(checkBaseUrl(' https://open.dieyuyun.com/v1/ ')).toEqual({ ok: true, url: 'https://open.dieyuyun.com/v1' });
    expect(checkBaseUrl('http://127.0.0.1:8787/v1')).toEqual({ ok: true, url: 'http://127.0.0.1:8787/v1' });
  });

  it.each(REFUSED)('refuses %j', (text) => {
    expect(checkBaseUrl(text).ok).toBe(false);
    expect(validateProfileForm({ ...emptyProfileForm(), name: 'Gw', baseUrl: text }).baseUrl).toBe('urlInvalid');
  });

  it('says why in English and in Chinese, naming the refused scheme', () => {
    const file = checkBaseUrl('file:///etc/passwd');
    const bare = checkBaseUrl('open.dieyuyun.com/v1');
    if (file.ok || bare.ok) throw new Error('expected refusals');
    expect(baseUrlProblem(file, 'en')).toBe('The base URL must start with http:// or https://, not file:.');
    expect(baseUrlProblem(file, 'zh-CN')).toBe('接口地址必须以 http:// 或 https:// 开头,不能是 file:。');
    expect(baseUrlProblem(bare, 'en')).toMatch(/must be a full http:\/\/ or https:\/\/ address/);
    expect(baseUrlProblem(bare, 'zh-CN')).toMatch(/接口地址必须是完整的 http:\/\/ 或 https:\/\/ 地址/);
  });

  it('is refused in main as invalid_input on the field baseUrl', () => {
    expect(requireHttpBaseUrl('https://gw.test/v1//')).toBe('https://gw.test/v1');
    let caught: unknown;
    try {
      requireHttpBaseUrl('javascript:alert(1)', 'zh-CN');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(WanError);
    expect((caught as WanError).toValue()).toMatchObject({
      code: 'invalid_input',
      field: 'baseUrl',
      detail: '接口地址必须以 http:// 或 https:// 开头,不能是 javascript:。',
      isRetryable: false,
    });
  });
});
