import type { Locale } from './i18n-messages';

// A provider's base URL is where the API key is sent and, in the desktop app, what Electron's
// net.fetch opens — which also reads file: and custom protocols. Only http(s) is a gateway.

export type BaseUrlCheck = { ok: true; url: string } | { ok: false; scheme: string | undefined };

/** The URL without trailing slashes, or why it is refused (`scheme` undefined: not a URL at all). */
export function checkBaseUrl(text: string): BaseUrlCheck {
  const trimmed = text.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { ok: false, scheme: undefined };
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '')
    return { ok: false, scheme: url.protocol };
  return { ok: true, url: trimmed.replace(/\/+$/, '') };
}

/** The sentence that says why a base URL was refused. */
export function baseUrlProblem(check: Extract<BaseUrlCheck, { ok: false }>, locale: Locale): string {
  const scheme = check.scheme === 'http:' || check.scheme === 'https:' ? undefined : check.scheme;
  if (locale === 'zh-CN')
    return scheme
      ? `接口地址必须以 http:// 或 https:// 开头,不能是 ${scheme}。`
      : '接口地址必须是完整的 http:// 或 https:// 地址,例如 https://open.dieyuyun.com/v1。';
  return scheme
    ? `The base URL must start with http:// or https://, not ${scheme}.`
    : 'The base URL must be a full http:// or https:// address, such as https://open.dieyuyun.com/v1.';
}
