import type { ErrorValue } from '../../../shared/errors';
import { defineStrings, useT } from '../lib/i18n';
import { Button } from './Button';
import './error-details.css';

const strings = defineStrings({
  errorDetails: { en: 'Details from the service', 'zh-CN': '服务返回的详情' },
  errorCode: { en: 'Code', 'zh-CN': '代码' },
  errorField: { en: 'Field', 'zh-CN': '字段' },
  copyDetails: { en: 'Copy details', 'zh-CN': '复制详情' },
});

/** The lines behind the disclosure: upstream's own message, its code, the HTTP status, the field. */
export function errorDetailText(error: ErrorValue, labels: { code: string; field: string }): string | null {
  const facts = [
    error.upstreamCode && `${labels.code}: ${error.upstreamCode}`,
    error.httpStatus && `HTTP ${error.httpStatus}`,
    error.field && `${labels.field}: ${error.field}`,
  ].filter(Boolean);
  if (!error.detail && facts.length === 0) return null;
  return [error.detail, ...facts].filter(Boolean).join('\n');
}

/**
 * The service's own words and code behind a disclosure, copyable for a bug report: every place
 * that shows an error from a provider puts this under its plain-language sentence.
 */
export function ErrorDetails({ error, testId = 'error-details' }: { error: ErrorValue; testId?: string }) {
  const t = useT(strings);
  const text = errorDetailText(error, { code: t('errorCode'), field: t('errorField') });
  if (text === null) return null;
  return (
    <details className="error-details" data-testid={testId}>
      <summary>{t('errorDetails')}</summary>
      <pre data-testid={`${testId.replace(/-details$/, '')}-detail`}>{text}</pre>
      <Button size="sm" variant="ghost" onClick={() => void navigator.clipboard?.writeText(text)}>
        {t('copyDetails')}
      </Button>
    </details>
  );
}
