import sharp from 'sharp';

// One thumbnail, from the original's bytes: the worker and the inline fallback share this, so a
// thumbnail looks the same whoever made it. Kept free of the rest of the app so the worker's
// bundle is sharp plus this file.

export const THUMB_EDGE = 512;
export const THUMB_QUALITY = 80;

export async function renderThumbnail(input: Uint8Array): Promise<Buffer> {
  return await sharp(input)
    .autoOrient()
    .resize({ width: THUMB_EDGE, height: THUMB_EDGE, fit: 'inside', withoutEnlargement: true })
    .webp({ quality: THUMB_QUALITY })
    .toBuffer();
}
