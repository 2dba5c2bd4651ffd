import { describe, expect, it } from 'vitest';
import { mediaRelPath, mediaTypeOf, mediaUrl } from '../../../src/main/platform/media-url';

describe('mediaUrl', () => {
  it('addresses a library file on the library host, each segment encoded', () => {
    expect(mediaUrl('images/2025/01/img_1.png')).toBe('wan-media://library/images/2025/01/img_1.png');
    expect(mediaUrl('thumbs/2025/01/a b#?%.webp')).toBe('wan-media://library/thumbs/2025/01/a%20b%23%3F%25.webp');
  });

  it('maps back to the same relative path', () => {
    for (const rel of ['images/2025/01/img_1.png', 'thumbs/2025/12/x y.webp', 'images/2026/02/猫.jpg']) {
      expect(mediaRelPath(mediaUrl(rel))).toBe(rel);
    }
  });
});

describe('mediaRelPath', () => {
  it('accepts images and thumbnails, ignoring a query or fragment', () => {
    expect(mediaRelPath('wan-media://library/images/2025/01/a.png')).toBe('images/2025/01/a.png');
    expect(mediaRelPath('wan-media://library/thumbs/2025/01/a.webp?v=2#x')).toBe('thumbs/2025/01/a.webp');
    expect(mediaRelPath('WAN-MEDIA://LIBRARY/images/a.JPG')).toBe('images/a.JPG');
  });

  it.each([
    ['dot-dot', 'wan-media://library/images/../secrets.json'],
    ['dot-dot inside the allowed folder', 'wan-media://library/images/2025/../01/a.png'],
    ['encoded dot-dot', 'wan-media://library/images/%2e%2e/library.db'],
    ['upper-case encoded dot-dot', 'wan-media://library/images/%2E%2E/%2E%2E/etc/passwd.png'],
    ['single dot', 'wan-media://library/images/./a.png'],
    ['backslash', 'wan-media://library/images\\..\\secrets.png'],
    ['encoded backslash', 'wan-media://library/images/..%5c..%5csecrets.png'],
    ['encoded slash', 'wan-media://library/images/..%2f..%2fsecrets.png'],
    ['absolute path in the path', 'wan-media://library//etc/passwd.png'],
    ['drive letter', 'wan-media://library/images/C:/Windows/a.png'],
    ['encoded drive letter', 'wan-media://library/images/C%3A%5Ca.png'],
    ['NUL', 'wan-media://library/images/a.png%00.txt'],
    ['raw NUL', 'wan-media://library/images/a\0.png'],
    ['control character', 'wan-media://library/images/a%0a.png'],
    ['malformed escape', 'wan-media://library/images/%E4%B8.png'],
    ['another host', 'wan-media://evil/images/a.png'],
    ['no host', 'wan-media:///images/a.png'],
    ['a port', 'wan-media://library:80/images/a.png'],
    ['credentials', 'wan-media://user:pw@library/images/a.png'],
    ['host prefix', 'wan-media://library.evil/images/a.png'],
    ['another scheme', 'file:///home/me/.config/Wan%20Studio/images/a.png'],
    ['the database', 'wan-media://library/library.db'],
    ['the secrets', 'wan-media://library/secrets.json'],
    ['the temp folder', 'wan-media://library/tmp/a.png.part'],
    ['a folder', 'wan-media://library/images/2025/'],
    ['the folder itself', 'wan-media://library/images'],
    ['not an image', 'wan-media://library/images/2025/01/a.svg'],
    ['no extension', 'wan-media://library/images/2025/01/png'],
    ['empty', ''],
  ])('refuses %s', (_label, url) => {
    expect(mediaRelPath(url)).toBeUndefined();
  });
});

describe('mediaTypeOf', () => {
  it('knows the formats the library stores, and nothing else', () => {
    expect(mediaTypeOf('a.png')).toBe('image/png');
    expect(mediaTypeOf('a.JPG')).toBe('image/jpeg');
    expect(mediaTypeOf('a.webp')).toBe('image/webp');
    expect(mediaTypeOf('a.html')).toBeUndefined();
    expect(mediaTypeOf('.png')).toBeUndefined();
  });
});
