import { baseUrlProblem, checkBaseUrl } from '../../../shared/base-url';
import type { Locale } from '../../../shared/i18n-messages';
import { WanError } from '../wan-error';

/** The base URL ready to use (no trailing slash), or invalid_input on field baseUrl saying why. */
export function requireHttpBaseUrl(text: string, locale: Locale = 'en'): string {
  const check = checkBaseUrl(text);
  if (check.ok) return check.url;
  throw new WanError('invalid_input', { field: 'baseUrl', detail: baseUrlProblem(check, locale), isRetryable: false });
}
