import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserMode, type BrowserMode } from '../../src/main/browser-mode/server';
import { tokenCookieName } from '../../src/main/browser-mode/request-guards';
import type { InvokeMethod, InvokeOutput } from '../../src/shared/contract';
import type { ErrorValue } from '../../src/shared/errors';
import { noisePng, solidPng, stripesPng } from '../helpers/images';

// The inputs.* and palettes.* methods through the real app services, over browser mode's HTTP
// transport (which must take a 10 MB file), and the media route serving inputs/.

let app: BrowserMode;
let root: string;
let cookie: string;

function raw(path: string, init: { method?: string; body?: string } = {}): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: app.port,
        path,
        method: init.method ?? 'GET',
        headers: {
          host: `127.0.0.1:${app.port}`,
          cookie,
          ...(init.body ? { 'content-type': 'application/json', origin: app.origin } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

type Result<M extends InvokeMethod> = { ok: true; value: InvokeOutput<M> } | { ok: false; error: ErrorValue };

async function call<M extends InvokeMethod>(method: M, input?: unknown): Promise<Result<M>> {
  const res = await raw('/api/invoke', { method: 'POST', body: JSON.stringify({ method, input }) });
  expect(res.status).toBe(200);
  return JSON.parse(res.body.toString('utf8')) as Result<M>;
}

async function ok<M extends InvokeMethod>(method: M, input?: unknown): Promise<InvokeOutput<M>> {
  const result = await call(method, input);
  if (!result.ok) throw new Error(`${method}: ${JSON.stringify(result.error)}`);
  return result.value;
}

const b64 = (bytes: Buffer): string => bytes.toString('base64');

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'wan-inputs-browser-'));
  const rendererDir = join(root, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Wan Studio</title>');
  app = await startBrowserMode({
    home: join(root, 'home'),
    rendererDir,
    simTaskMs: 100,
    systemLocale: 'en',
    log: () => {},
  });
  cookie = `${tokenCookieName(app.port)}=${app.token}`;
});

afterAll(async () => {
  await app?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('inputs and palettes over browser mode', { timeout: 60_000 }, () => {
  it('takes a 10 MB file, re-encodes it under the limit, and serves it as media', async () => {
    const big = await noisePng(1900, 1800);
    expect(big.byteLength).toBeGreaterThan(10 * 1024 * 1024);
    const view = await ok('inputs.add', { name: 'big.png', dataBase64: b64(big) });
    expect(view).toMatchObject({ mime: 'image/jpeg', width: 1900, height: 1800 });
    expect(view.note).toMatch(/re-encoded as JPEG/i);
    expect(view.url).toBe(`/media/inputs/${view.sha256.slice(0, 2)}/${view.sha256}.jpg`);
    const served = await raw(view.url);
    expect(served.status).toBe(200);
    expect(served.body.byteLength).toBe(view.bytes);
    expect(await ok('inputs.get', { sha256: view.sha256 })).toEqual(view);
  });

  it('refuses a 100×100 file with the sentence naming it', async () => {
    const result = await call('inputs.add', { name: 'tiny.png', dataBase64: b64(await solidPng(100, 100)) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: 'invalid_input', field: 'references' });
    expect(result.error.detail).toBe(
      'Reference image tiny.png is 100×100 px, too small: each side needs at least 240 px.',
    );
  });

  it('records a generation with references and shows them in its view; uses a library image as reference', async () => {
    const a = await ok('inputs.add', { name: 'a.png', dataBase64: b64(await solidPng(640, 480, '#ff0000')) });
    const palette = [
      { hex: '#C2D1E6', ratio: 50 },
      { hex: '#1F2A44', ratio: 30 },
      { hex: '#F2C14E', ratio: 20 },
    ];
    const { generationId } = await ok('generation.start', {
      request: {
        model: 'wan2.7-image',
        prompt: 'image 1 in blue',
        size: '1024x1024',
        references: [{ sha256: a.sha256, boxes: [[0, 0, 320, 240]] }],
        palette,
      },
    });
    const view = await ok('generation.get', { generationId });
    expect(view.inputs).toEqual([{ ...a, index: 0, boxes: [[0, 0, 320, 240]] }]);
    expect(view.generation.parameters.palette).toEqual(palette);

    const outside = await call('generation.start', {
      request: {
        model: 'wan2.7-image',
        prompt: 'x',
        size: '1024x1024',
        references: [{ sha256: a.sha256, boxes: [[0, 0, 700, 10]] }],
      },
    });
    expect(outside).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'boxes' } });

    // Any library image can become a reference (one imported here).
    const folder = join(root, 'to-import');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'cat.png'), await solidPng(1024, 1024, '#336699'));
    const imported = await ok('library.import', { folder });
    const { images } = await ok('generation.get', { generationId: imported.generationIds[0]! });
    const fromImage = await ok('inputs.fromImage', { imageId: images[0]!.id });
    expect(fromImage).toMatchObject({ width: 1024, height: 1024, note: null });
    const fromGallery = await ok('palettes.fromSource', {
      source: { kind: 'image', imageId: images[0]!.id },
      colors: 4,
    });
    expect(fromGallery.entries.length).toBeGreaterThan(0);
  });

  it('takes a palette from a stored input and keeps named palettes', async () => {
    const stripes = await stripesPng(600, 300, [
      ['#C2D1E6', 0.5],
      ['#1F2A44', 0.3],
      ['#F2C14E', 0.2],
    ]);
    const input = await ok('inputs.add', { name: 'stripes.png', dataBase64: b64(stripes) });
    const { entries } = await ok('palettes.fromSource', { source: { kind: 'input', sha256: input.sha256 }, colors: 5 });
    expect(entries.map((e) => e.hex)).toEqual(['#C2D1E6', '#1F2A44', '#F2C14E']);
    entries.forEach((e, i) => expect(Math.abs(e.ratio - [50, 30, 20][i]!)).toBeLessThan(0.5));
    expect(Math.round(entries.reduce((sum, e) => sum + e.ratio * 100, 0))).toBe(10_000);
    const saved = await ok('palettes.save', { name: 'Dusk', entries });
    expect(await ok('palettes.list')).toEqual([saved]);
    const renamed = await ok('palettes.save', { id: saved.id, name: 'Dawn', entries });
    expect(renamed).toMatchObject({ id: saved.id, name: 'Dawn', createdAt: saved.createdAt });
    const unbalanced = await call('palettes.save', { name: 'Off', entries: entries.map((e) => ({ ...e, ratio: 30 })) });
    expect(unbalanced).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'palette' } });
    expect(await ok('palettes.delete', { id: saved.id })).toEqual({ isDeleted: true });
    expect(await ok('palettes.list')).toEqual([]);
    // Media outside the served folders stays refused.
    expect((await raw('/media/library.sqlite')).status).toBe(404);
  });
});
