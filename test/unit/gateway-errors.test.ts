import { describe, expect, it } from 'vitest';
import { classifyUpstream, errorFromHttp, readRetryAfterMs } from '../../src/main/services/providers/gateway-errors';
import { scrubSecrets } from '../../src/main/services/wan-error';
import { describeError, nextStepForError } from '../../src/shared/errors';

const headers = (h: Record<string, string>): Headers => new Headers(h);

describe('Retry-After', () => {
  it('prefers retry-after-ms, reads seconds and HTTP dates, and caps at 60 s', () => {
    expect(readRetryAfterMs(headers({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
    expect(readRetryAfterMs(headers({ 'retry-after': '2' }))).toBe(2000);
    expect(readRetryAfterMs(headers({ 'retry-after': '600' }))).toBe(60_000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(readRetryAfterMs(headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }), now)).toBe(5000);
    expect(readRetryAfterMs(headers({}))).toBeUndefined();
    expect(readRetryAfterMs(headers({ 'retry-after': 'soon' }))).toBeUndefined();
  });
});

describe('error classification', () => {
  it.each([
    [400, 'DataInspectionFailed', 'moderation'],
    [400, 'data_inspection_failed', 'moderation'],
    [400, 'IPInfringementSuspect', 'moderation'],
    [400, 'Arrearage', 'quota'],
    [429, 'insufficient_quota', 'quota'],
    [429, 'Throttling.AllocationQuota', 'quota'],
    [429, 'Throttling.RateQuota', 'rate_limited'],
    [429, 'rate_limit_exceeded', 'rate_limited'],
    [401, 'InvalidApiKey', 'auth'],
    [401, undefined, 'auth'],
    [403, 'AccessDenied.Unpurchased', 'permission'],
    [404, 'ModelNotFound', 'not_found'],
    [400, 'InvalidParameter', 'invalid_request'],
    [500, 'InternalError.Algo', 'server'],
    [503, 'ModelServingError', 'server'],
    [502, undefined, 'server'],
  ] as const)('%i %s → %s', (status, code, expected) => {
    expect(classifyUpstream(status, { code })).toBe(expected);
  });

  it('reads OpenAI-shaped and top-level error bodies, and names the field', () => {
    const a = errorFromHttp(
      400,
      headers({}),
      JSON.stringify({ error: { message: 'size is bad', code: 'InvalidParameter', param: 'size' } }),
      [],
    );
    expect(a).toMatchObject({
      code: 'invalid_request',
      field: 'size',
      upstreamCode: 'InvalidParameter',
      isRetryable: false,
    });
    const b = errorFromHttp(
      400,
      headers({}),
      JSON.stringify({ code: 'DataInspectionFailed', message: 'Input data may contain inappropriate content.' }),
      [],
    );
    expect(b).toMatchObject({ code: 'moderation', detail: 'Input data may contain inappropriate content.' });
    const c = errorFromHttp(429, headers({ 'retry-after': '3' }), '{"error":{"code":"Throttling"}}', []);
    expect(c).toMatchObject({ code: 'rate_limited', retryAfterMs: 3000, isRetryable: true });
    expect(describeError(c.toValue(), 'zh-CN')).toContain('3 秒');
  });

  it('keeps a non-JSON body as detail', () => {
    expect(errorFromHttp(502, headers({}), '<html>Bad gateway</html>', [])).toMatchObject({
      code: 'server',
      detail: '<html>Bad gateway</html>',
    });
  });
});

describe('secrets', () => {
  it('scrubs the key and any bearer token from text', () => {
    const key = 'my-very-secret-key-123';
    expect(scrubSecrets(`key ${key} rejected`, [key])).toBe('key *** rejected');
    expect(scrubSecrets('Authorization: Bearer abcdefghijklmnop', [])).toBe('Authorization: Bearer ***');
    expect(scrubSecrets('use sk-abcdef123456 please', [])).toBe('use sk-*** please');
  });

  it('never puts the key into an error a person sees', () => {
    const key = 'sk-live-0123456789abcdef';
    const err = errorFromHttp(
      401,
      headers({}),
      JSON.stringify({ error: { message: `Incorrect API key provided: ${key}` } }),
      [key],
    );
    expect(JSON.stringify(err.toValue())).not.toContain(key);
    expect(err.message).not.toContain(key);
  });
});

describe('the next step for an error', () => {
  it('sends a refused size or count to the studio, not to the prompt', () => {
    expect(nextStepForError({ code: 'invalid_request', field: 'size' })).toBe('edit_request');
    expect(nextStepForError({ code: 'invalid_request', field: 'prompt' })).toBe('edit_prompt');
    expect(nextStepForError({ code: 'invalid_request' })).toBe('edit_request');
    expect(nextStepForError({ code: 'moderation' })).toBe('edit_prompt');
    expect(nextStepForError({ code: 'auth', field: 'size' })).toBe('open_settings');
  });
});
