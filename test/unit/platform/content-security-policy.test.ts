import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../src/main/platform/session-security';
import { dropSonnerStyleInjection, relaxCspForDevServer } from '../../../electron.vite.config';

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
    // React's style={…} props go through the CSSOM, which needs no 'unsafe-inline'.
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
  });
});

describe('the dev server’s copy of index.html', () => {
  it('allows the inline refresh preamble and injected <style> elements, and nothing else changes', async () => {
    const html = await readFile(indexHtml, 'utf8');
    const served = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(relaxCspForDevServer(html))?.[1];
    const policy = directives(served ?? '');
    const strict = directives(CONTENT_SECURITY_POLICY);
    expect(policy.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    for (const [name, values] of strict)
      if (name !== 'script-src' && name !== 'style-src') expect(policy.get(name)).toEqual(values);
  });

  it('refuses to serve when the policy it relaxes has changed shape', () => {
    expect(() =>
      relaxCspForDevServer('<meta http-equiv="Content-Security-Policy" content="default-src \'self\'" />'),
    ).toThrow(/no longer contains "script-src 'self'"/);
  });
});

describe('the build’s copy of sonner', () => {
  it('no longer injects a <style> element (its styles come from sonner/dist/styles.css)', async () => {
    const source = await readFile(
      path.join(import.meta.dirname, '../../../node_modules/sonner/dist/index.mjs'),
      'utf8',
    );
    const built = dropSonnerStyleInjection(source);
    expect(built).not.toMatch(/__insertCSS\(["']/);
    // The stylesheet it injected is the one shipped as a file.
    const css = await readFile(path.join(import.meta.dirname, '../../../node_modules/sonner/dist/styles.css'), 'utf8');
    expect(css).toContain('[data-sonner-toaster]');
    expect(() => dropSonnerStyleInjection('export const x = 1;')).toThrow(/no longer calls __insertCSS/);
  });
});
