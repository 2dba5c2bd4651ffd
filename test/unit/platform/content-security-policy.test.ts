import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../src/main/platform/session-security';

const indexHtml = path.join(import.meta.dirname, '../../../src/renderer/index.html');

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name as string, values]),
  );
}

describe('the content security policy', () => {
  it('says the same in the response header and in index.html', async () => {
    const html = await readFile(indexHtml, 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
  });

  it('lets library images load and be fetched, and nothing from elsewhere', () => {
    const policy = directives(CONTENT_SECURITY_POLICY);
    expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'wan-media:']);
    expect(policy.get('connect-src')).toEqual(["'self'", 'wan-media:']);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
  });
});
