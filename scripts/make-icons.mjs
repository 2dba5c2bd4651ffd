#!/usr/bin/env node
// build/icon.svg → build/icon.png (512×512), the one icon electron-builder needs: it derives the
// Windows .ico and the macOS .icns from it. Run by `npm run dist`; the PNG is generated, not edited.
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

const SIZE = 512;
const buildDir = join(import.meta.dirname, '..', 'build');
const source = join(buildDir, 'icon.svg');
const target = join(buildDir, 'icon.png');
const tmp = `${target}.${process.pid}.tmp`;

// A density above the SVG's 72 dpi default rasterises at more than 512 px and scales down, so edges stay crisp.
await sharp(source, { density: 288 }).resize(SIZE, SIZE).png({ compressionLevel: 9 }).toFile(tmp);
renameSync(tmp, target);
console.log(`Wrote ${target} (${SIZE}x${SIZE})`);
