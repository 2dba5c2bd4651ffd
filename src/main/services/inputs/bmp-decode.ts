// sharp (libvips) reads no BMP, yet upstream accepts it and screenshots often are one. The common
// kind — uncompressed 24- or 32-bit — is decoded here to raw RGB for sharp to encode; any other
// BMP is refused as unreadable rather than half understood.

export type RawImage = { data: Buffer; width: number; height: number; channels: 3 };

export function isBmp(bytes: Uint8Array): boolean {
  return bytes.length >= 54 && bytes[0] === 0x42 && bytes[1] === 0x4d;
}

export function decodeBmp(bytes: Uint8Array): RawImage | undefined {
  if (!isBmp(bytes)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dataOffset = view.getUint32(10, true);
  const headerSize = view.getUint32(14, true);
  if (headerSize < 40) return undefined;
  const width = view.getInt32(18, true);
  const rawHeight = view.getInt32(22, true);
  const bits = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  // 0: BI_RGB; 3: BI_BITFIELDS, which for 32-bit images is almost always the plain BGRA layout.
  const isPlain = compression === 0 || (compression === 3 && bits === 32);
  if (!isPlain || (bits !== 24 && bits !== 32) || width <= 0 || rawHeight === 0) return undefined;
  const height = Math.abs(rawHeight);
  if (width > 100_000 || height > 100_000) return undefined;
  const step = bits / 8;
  const stride = Math.ceil((width * step) / 4) * 4;
  if (dataOffset + stride * height > bytes.length) return undefined;
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    // Rows run bottom-up unless the height is negative.
    const row = dataOffset + (rawHeight > 0 ? height - 1 - y : y) * stride;
    for (let x = 0; x < width; x++) {
      const from = row + x * step;
      const to = (y * width + x) * 3;
      data[to] = bytes[from + 2]!;
      data[to + 1] = bytes[from + 1]!;
      data[to + 2] = bytes[from]!;
    }
  }
  return { data, width, height, channels: 3 };
}
