import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserMode, type BrowserMode } from '../../src/main/browser-mode/server';
import { tokenCookieName } from '../../src/main/browser-mode/request-guards';
import type { EventName, EventPayload, InvokeMethod, InvokeResult } from '../../src/shared/contract';

// Browser mode end to end over real loopback HTTP: the app's services, the in-process simulator,
// and raw requests (node:http, so paths like `/media/../x` reach the server unnormalised).

type Raw = { status: number; headers: IncomingHttpHeaders; body: Buffer; text: string };

let app: BrowserMode;
let root: string;
let cookie: string;

function raw(
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: app.port,
        path,
        method: init.method ?? 'GET',
        headers: { host: `127.0.0.1:${app.port}`, ...init.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text: body.toString('utf8') });
        });
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

const authed = (headers: Record<string, string> = {}): Record<string, string> => ({ cookie, ...headers });

async function invokeRaw(method: string, input?: unknown): Promise<{ ok: boolean; error?: { code: string } }> {
  const res = await raw('/api/invoke', {
    method: 'POST',
    headers: authed({ 'content-type': 'application/json', origin: app.origin }),
    body: JSON.stringify({ method, input }),
  });
  expect(res.status).toBe(200);
  return JSON.parse(res.text) as { ok: boolean; error?: { code: string } };
}

/** A contract call over HTTP; fails the test unless it succeeded. */
async function invoke<M extends InvokeMethod>(
  method: M,
  input?: unknown,
): Promise<Extract<InvokeResult<M>, { ok: true }>['value']> {
  const result = (await invokeRaw(method, input)) as InvokeResult<M>;
  if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

type SseEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

/** Opens /api/events and collects the events it delivers. */
function openEvents(): Promise<{
  events: SseEvent[];
  next: (match: (e: SseEvent) => boolean) => Promise<SseEvent>;
  close: () => void;
}> {
  return new Promise((resolve, reject) => {
    const events: SseEvent[] = [];
    const waiters: Array<{ match: (e: SseEvent) => boolean; done: (e: SseEvent) => void }> = [];
    let buffer = '';
    const req = httpRequest(
      { host: '127.0.0.1', port: app.port, path: '/api/events', headers: authed({ host: `127.0.0.1:${app.port}` }) },
      (res) => {
        if (res.statusCode !== 200) return reject(new Error(`/api/events answered ${res.statusCode}`));
        expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block
              .split('\n')
              .filter((line) => line.startsWith('data: '))
              .map((line) => line.slice(6))
              .join('\n');
            if (!data) continue;
            const event = JSON.parse(data) as SseEvent;
            events.push(event);
            for (const waiter of waiters.splice(0)) {
              if (waiter.match(event)) waiter.done(event);
              else waiters.push(waiter);
            }
          }
        });
        resolve({
          events,
          next: (match) =>
            new Promise((done) => {
              const seen = events.find(match);
              if (seen) done(seen);
              else waiters.push({ match, done });
            }),
          close: () => req.destroy(),
        });
      },
    );
    req.on('error', (err) => {
      if ((err as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(err);
    });
    req.end();
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'wan-browser-mode-'));
  const rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Wan Studio</title><div id="root"></div>');
  writeFileSync(join(rendererDir, 'assets', 'index-abc123.js'), 'console.log("hi");');
  app = await startBrowserMode({
    home: join(root, 'home'),
    rendererDir,
    simTaskMs: 150,
    systemLocale: 'zh-CN',
    log: () => {},
  });
  cookie = `${tokenCookieName(app.port)}=${app.token}`;
});

afterAll(async () => {
  await app?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('browser mode: who may talk to it', () => {
  it('prints a loopback URL that carries the token', () => {
    expect(app.url).toBe(`http://127.0.0.1:${app.port}/?token=${app.token}`);
    expect(app.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses /api, /media and the page without the token', async () => {
    const invokeRes = await raw('/api/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'app.info' }),
    });
    expect(invokeRes.status).toBe(401);
    expect(JSON.parse(invokeRes.text)).toMatchObject({ ok: false, error: { httpStatus: 401 } });
    expect((await raw('/api/events')).status).toBe(401);
    expect((await raw('/media/images/2026/01/x.png')).status).toBe(401);
    expect((await raw('/')).status).toBe(401);
    expect((await raw('/?token=wrong')).status).toBe(401);
    const wrongCookie = await raw('/api/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `${tokenCookieName(app.port)}=nope` },
      body: '{"method":"app.info"}',
    });
    expect(wrongCookie.status).toBe(401);
  });

  it('trades the token in the link for an HttpOnly, SameSite=Strict cookie, then serves the app', async () => {
    const first = await raw(`/?token=${app.token}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const setCookie = first.headers['set-cookie']?.[0] ?? '';
    expect(setCookie).toContain(`${tokenCookieName(app.port)}=${app.token}`);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);

    const page = await raw('/', { headers: authed() });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.text).toContain('<div id="root">');

    const asset = await raw('/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('accepts the x-wan-token header in place of the cookie', async () => {
    const res = await raw('/api/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-wan-token': app.token },
      body: '{"method":"app.info"}',
    });
    expect(res.status).toBe(200);
  });

  it('refuses a Host header that is not this server (DNS rebinding)', async () => {
    for (const host of [`evil.example:${app.port}`, '127.0.0.1', `127.0.0.1:${app.port + 1}`, `[::1]:${app.port}`]) {
      const res = await raw('/api/invoke', {
        method: 'POST',
        headers: authed({ host, 'content-type': 'application/json' }),
        body: '{"method":"app.info"}',
      });
      expect(res.status, host).toBe(403);
    }
    expect((await raw(`/?token=${app.token}`, { headers: { host: `rebound.example:${app.port}` } })).status).toBe(403);
    const viaLocalhost = await raw('/api/invoke', {
      method: 'POST',
      headers: authed({ host: `localhost:${app.port}`, 'content-type': 'application/json' }),
      body: '{"method":"app.info"}',
    });
    expect(viaLocalhost.status).toBe(200);
  });

  it('refuses cross-origin requests even with the cookie', async () => {
    const foreign = await raw('/api/invoke', {
      method: 'POST',
      headers: authed({ origin: 'http://evil.example', 'content-type': 'application/json' }),
      body: '{"method":"settings.get"}',
    });
    expect(foreign.status).toBe(403);
    const crossSite = await raw('/api/invoke', {
      method: 'POST',
      headers: authed({ 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' }),
      body: '{"method":"settings.get"}',
    });
    expect(crossSite.status).toBe(403);
    // A form post (no preflight) cannot choose application/json.
    const form = await raw('/api/invoke', {
      method: 'POST',
      headers: authed({ 'content-type': 'text/plain' }),
      body: '{"method":"settings.get"}',
    });
    expect(form.status).toBe(415);
  });
});

describe('browser mode: invoke', () => {
  it('answers app.info and settings.get like the desktop app, with host "browser"', async () => {
    const info = await invoke('app.info');
    expect(info).toMatchObject({ name: 'Wan Studio', host: 'browser', systemLocale: 'zh-CN', libraryPath: app.home });
    const settings = await invoke('settings.get');
    expect(settings.concurrency).toBeGreaterThanOrEqual(1);
    const updated = await invoke('settings.update', { theme: 'dark' });
    expect(updated.theme).toBe('dark');
    expect((await invoke('settings.get')).theme).toBe('dark');
  });

  it('returns invalid input as ok:false with code invalid_request, not a server error', async () => {
    const bad = await invokeRaw('settings.update', { concurrency: 99 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request', field: 'concurrency' } });
    const badRequest = await invokeRaw('generation.start', { request: { prompt: '' } });
    expect(badRequest).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const unknown = await invokeRaw('system.exec', { cmd: 'rm' });
    expect(unknown.ok).toBe(false);
    const broken = await raw('/api/invoke', {
      method: 'POST',
      headers: authed({ 'content-type': 'application/json' }),
      body: '{"method": "app.info",',
    });
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.text)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('offers the offline simulator profile and keeps saved keys in a 0600 file, never in answers', async () => {
    const profiles = await invoke('profiles.list');
    expect(profiles).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'simulator', isSimulator: true })]));
    const saved = await invoke('profiles.save', {
      name: 'Mine',
      baseUrl: 'https://gateway.example/v1',
      apiKey: 'sk-test-1234abcd',
    });
    expect(saved).toMatchObject({ hasKey: true, keyHint: '••••abcd' });
    expect(JSON.stringify(saved)).not.toContain('sk-test-1234abcd');
    expect(statSync(app.secretsFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(app.secretsFile, 'utf8')).toContain('sk-test-1234abcd');
    expect((await raw('/media/browser-mode-secrets.json', { headers: authed() })).status).toBe(404);
    await invoke('profiles.delete', { id: saved.id });
    expect(readFileSync(app.secretsFile, 'utf8')).not.toContain('sk-test-1234abcd');
  });
});

describe('browser mode: events and media', () => {
  let imageUrl: string;
  let thumbUrl: string | null;

  it('delivers generation.finished over SSE for a generation started through /api/invoke', async () => {
    const stream = await openEvents();
    try {
      const { generationId } = await invoke('generation.start', {
        request: { prompt: '一间有着精致窗户的花店', model: 'wan2.7-image', size: '1024x1024', seed: 7 },
        profileId: 'simulator',
      });
      const finished = await stream.next(
        (e) =>
          (e.name === 'generation.finished' || e.name === 'generation.failed') &&
          e.payload.generationId === generationId,
      );
      if (finished.name !== 'generation.finished') throw new Error(`failed: ${JSON.stringify(finished.payload)}`);
      expect(finished.payload.imageIds).toHaveLength(1);
      expect(stream.events.some((e) => e.name === 'generation.queued' && e.payload.generationId === generationId)).toBe(
        true,
      );

      const view = await invoke('generation.get', { generationId });
      const image = view.images[0]!;
      expect(image.id).toBe(finished.payload.imageIds[0]);
      expect(image.url).toMatch(/^\/media\/images\/\d{4}\/\d{2}\/[\w.-]+\.png$/);
      imageUrl = image.url;
      thumbUrl = image.thumbUrl;
    } finally {
      stream.close();
    }
  });

  it('serves a library image with its type and long-lived private caching, and 304 on revalidation', async () => {
    const res = await raw(imageUrl, { headers: authed() });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect([...res.body.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const again = await raw(imageUrl, { headers: authed({ 'if-none-match': String(res.headers.etag) }) });
    expect(again.status).toBe(304);
    if (thumbUrl) {
      const thumb = await raw(thumbUrl, { headers: authed() });
      expect(thumb.status).toBe(200);
      expect(thumb.headers['content-type']).toBe('image/webp');
    }
  });

  it('refuses media paths that climb out, are absolute, are encoded tricks, or name non-media files', async () => {
    mkdirSync(join(app.home, 'images', 'evil'), { recursive: true });
    symlinkSync(join(app.home, 'library.sqlite'), join(app.home, 'images', 'evil', 'link.png'));
    const outside = join(root, 'outside.png');
    writeFileSync(outside, 'not yours');
    symlinkSync(outside, join(app.home, 'images', 'evil', 'out.png'));
    const attempts = [
      '/media/../library.sqlite',
      '/media/images/../../library.sqlite',
      '/media/images/../library.sqlite',
      '/media//etc/passwd',
      '/media/%2Fetc%2Fpasswd',
      '/media/%2e%2e/library.sqlite',
      '/media/images/%2e%2e/%2e%2e/library.sqlite',
      '/media/images%2F..%2F..%2Flibrary.sqlite',
      '/media/images/..%2F..%2Flibrary.sqlite',
      '/media/images/..%5C..%5Clibrary.sqlite',
      '/media/images/%252e%252e/library.sqlite',
      '/media/images/x.png%00.png',
      '/media/images/%E0%A4%A.png',
      '/media/C:%5CWindows%5Cwin.ini',
      '/media/library.sqlite',
      '/media/browser-mode-secrets.json',
      '/media/images/evil/link.png',
      '/media/images/evil/out.png',
      `/media/${encodeURIComponent(outside)}`,
      '/media/images/does-not-exist.png',
    ];
    for (const path of attempts) {
      const res = await raw(path, { headers: authed() });
      expect(res.status, path).toBe(404);
      expect(res.text, path).not.toContain('SQLite');
    }
  });
});

describe('browser mode: a key from the environment', () => {
  it('offers WAN_BASE_URL + WAN_API_KEY as a profile and starts no simulator', async () => {
    const home = mkdtempSync(join(tmpdir(), 'wan-browser-mode-env-'));
    const sim = app.simulator!;
    const other = await startBrowserMode({
      home,
      rendererDir: join(root, 'renderer'),
      envProfile: { baseUrl: sim.baseUrl, apiKey: sim.key },
      log: () => {},
    });
    try {
      expect(other.simulator).toBeUndefined();
      const res = await fetch(`${other.origin}/api/invoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-wan-token': other.token },
        body: JSON.stringify({ method: 'profiles.list' }),
      });
      const body = (await res.json()) as InvokeResult<'profiles.list'>;
      if (!body.ok) throw new Error(JSON.stringify(body.error));
      expect(body.value.map((p) => p.isSimulator)).not.toContain(true);
      expect(body.value).toEqual(
        expect.arrayContaining([expect.objectContaining({ baseUrl: sim.baseUrl, hasKey: true })]),
      );
      expect(JSON.stringify(body)).not.toContain(sim.key);
    } finally {
      await other.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('browser mode: shutting down', () => {
  it('closes once however often it is asked, and stops listening', async () => {
    const home = mkdtempSync(join(tmpdir(), 'wan-browser-mode-close-'));
    const other = await startBrowserMode({ home, rendererDir: join(root, 'renderer'), log: () => {} });
    await Promise.all([other.close(), other.close()]);
    await expect(fetch(`${other.origin}/`)).rejects.toThrow();
    rmSync(home, { recursive: true, force: true });
  });
});
