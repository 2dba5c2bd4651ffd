import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveLibraryFile } from '../../../src/main/platform/media-files';
import { mediaUrl } from '../../../src/main/platform/media-url';
import { renderPng } from '../../../src/main/services/simulator/png-render';

const png = renderPng({ prompt: 'media', seed: 1, width: 64, height: 48, index: 0, total: 1 });
let base: string;
let library: string;

const get = (url: string, method = 'GET'): Promise<Response> => serveLibraryFile(library, { url, method });

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'wan-media-'));
  library = path.join(base, 'library');
  await mkdir(path.join(library, 'images', '2025', '01'), { recursive: true });
  await mkdir(path.join(library, 'thumbs', '2025', '01'), { recursive: true });
  await mkdir(path.join(library, 'tmp'), { recursive: true });
  await writeFile(path.join(library, 'images', '2025', '01', 'img 1.png'), png);
  await writeFile(path.join(library, 'thumbs', '2025', '01', 'img.webp'), Buffer.from('RIFF....WEBP'));
  await writeFile(path.join(library, 'secrets.json'), '{"secrets":{}}');
  await writeFile(path.join(library, 'tmp', 'x.png'), png);
  await writeFile(path.join(base, 'outside.png'), png);
  // A link that stays in the library lexically but points out of it.
  await symlink(path.join(base, 'outside.png'), path.join(library, 'images', '2025', '01', 'link.png'));
  await mkdir(path.join(library, 'images', '2025', '01', 'dir.png'));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('serveLibraryFile', () => {
  it('serves an image with its type, length and CORS for the app page', async () => {
    const res = await get(mediaUrl('images/2025/01/img 1.png'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-length')).toBe(String(png.byteLength));
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);
  });

  it('serves thumbnails', async () => {
    const res = await get('wan-media://library/thumbs/2025/01/img.webp');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
  });

  it('answers HEAD without a body', async () => {
    const res = await get(mediaUrl('images/2025/01/img 1.png'), 'HEAD');
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBe(0);
  });

  it('refuses other methods', async () => {
    expect((await get(mediaUrl('images/2025/01/img 1.png'), 'POST')).status).toBe(405);
  });

  it.each([
    ['a missing file', 'wan-media://library/images/2025/01/nope.png'],
    ['the secrets file', 'wan-media://library/secrets.json'],
    ['a temp file', 'wan-media://library/tmp/x.png'],
    ['traversal', 'wan-media://library/images/../../outside.png'],
    ['encoded traversal', 'wan-media://library/images/%2e%2e/%2e%2e/outside.png'],
    ['a symlink out of the library', 'wan-media://library/images/2025/01/link.png'],
    ['a directory', 'wan-media://library/images/2025/01/dir.png'],
    ['another host', 'wan-media://elsewhere/images/2025/01/img%201.png'],
  ])('answers 404 for %s', async (_label, url) => {
    const res = await get(url);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('Not found');
  });
});
