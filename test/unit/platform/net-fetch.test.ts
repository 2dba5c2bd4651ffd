import { describe, expect, it } from 'vitest';
import { createNetFetch, translateNetError, type SessionFetch } from '../../../src/main/platform/net-fetch';
import { errorFromTransport } from '../../../src/main/services/providers/gateway-errors';

// Electron's net.fetch cannot run here; these fakes behave as it does (net-fetch.ts in Electron's
// sources): failures are `Error('net::ERR_…')`, and aborting stops the request but not a body
// already being read.

const failingWith =
  (message: string): SessionFetch =>
  () =>
    Promise.reject(new Error(message));

async function failureOf(sessionFetch: SessionFetch) {
  const fetch = createNetFetch(sessionFetch);
  const err = await fetch('https://gw.test/v1/models').then(
    () => undefined,
    (e: unknown) => e,
  );
  return errorFromTransport(err, undefined);
}

describe('the desktop app’s gateway fetch (Electron net.fetch)', () => {
  it('only ever opens http(s): net.fetch would read files and the app’s own protocols', async () => {
    const asked: string[] = [];
    const fetch = createNetFetch((url) => {
      asked.push(url);
      return Promise.resolve(new Response('{}'));
    });
    for (const url of ['file:///etc/passwd', 'wan-media://library/images/a.png', 'javascript:alert(1)'])
      await expect(fetch(url)).rejects.toThrow(TypeError);
    expect(asked).toEqual([]);
    await fetch('https://gw.test/v1/models');
    expect(asked).toEqual(['https://gw.test/v1/models']);
  });

  it('sends no cookies and skips the HTTP cache (a cached poll would never change)', async () => {
    let seen: RequestInit | undefined;
    const fetch = createNetFetch((_url, init) => {
      seen = init;
      return Promise.resolve(new Response('{}'));
    });
    await fetch('https://gw.test/v1/tasks/t1', { method: 'GET', headers: { accept: 'application/json' } });
    expect(seen).toMatchObject({ method: 'GET', credentials: 'omit', cache: 'no-store' });
  });

  it.each([
    ['net::ERR_CONNECTION_REFUSED', true],
    ['net::ERR_NAME_NOT_RESOLVED', true],
    ['net::ERR_INTERNET_DISCONNECTED', true],
    ['net::ERR_CONNECTION_TIMED_OUT', true],
    ['net::ERR_PROXY_CONNECTION_FAILED', true],
    ['net::ERR_TUNNEL_CONNECTION_FAILED', true],
    ['net::ERR_CONNECTION_RESET', false],
    ['net::ERR_EMPTY_RESPONSE', false],
    ['net::ERR_CERT_AUTHORITY_INVALID', false],
  ])('classifies %s as a network error, surely unsent: %s', async (message, isSurelyUnsent) => {
    const failure = await failureOf(failingWith(message));
    expect(failure.error.code).toBe('network');
    expect(failure.isSurelyUnsent).toBe(isSurelyUnsent);
    expect(failure.error.detail).toContain(message);
  });

  it('names the proxy when the system proxy is the problem', async () => {
    expect((await failureOf(failingWith('net::ERR_PROXY_CONNECTION_FAILED'))).error.detail).toMatch(
      /Could not reach the proxy from the system settings/,
    );
    expect((await failureOf(failingWith('net::ERR_TUNNEL_CONNECTION_FAILED'))).error.detail).toMatch(
      /proxy from the system settings refused/,
    );
  });

  it('leaves errors that are not Chromium’s alone', () => {
    const err = new RangeError('something else');
    expect(translateNetError(err)).toBe(err);
  });

  it('streams the body, and ends it with the signal’s reason when the request is aborted', async () => {
    // A body that sends one chunk, then stalls and ignores any abort, as net.fetch's does.
    const fetch = createNetFetch(() =>
      Promise.resolve(
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new Uint8Array([1, 2, 3]));
            },
          }),
          { headers: { 'content-length': '10' } },
        ),
      ),
    );
    const controller = new AbortController();
    const response = await fetch('https://cdn.test/a.png', { signal: controller.signal });
    expect(response.headers.get('content-length')).toBe('10');
    const reader = response.body!.getReader();
    expect((await reader.read()).value).toEqual(new Uint8Array([1, 2, 3]));
    const next = reader.read();
    const reason = new DOMException('The operation timed out.', 'TimeoutError');
    controller.abort(reason);
    await expect(next).rejects.toBe(reason);
    expect(errorFromTransport(reason, undefined).error.code).toBe('timeout');
  });

  it('rejects at once when aborted before the answer, with the signal’s reason', async () => {
    const controller = new AbortController();
    const fetch = createNetFetch(
      (_url, init) =>
        new Promise((_resolve, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason))),
    );
    const pending = fetch('https://gw.test/v1/models', { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
