/**
 * Recognises the only files evidence and signatures accept — JPEG photos and
 * PNG signatures — from their bytes, never from a name or a claimed type, and
 * reads their pixel size without decoding them. Files are hostile: every read
 * is bounds-checked and the marker walk is bounded by the buffer length.
 */
export interface ImageInfo {
  mediaType: 'image/jpeg' | 'image/png';
  width: number;
  height: number;
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngInfo(b: Uint8Array): ImageInfo | null {
  if (b.length < 24 || !PNG_MAGIC.every((v, i) => b[i] === v)) return null;
  // The first chunk must be IHDR: length 13, then "IHDR", width, height (big-endian).
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (view.getUint32(8) !== 13 || String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!) !== 'IHDR') return null;
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  return width > 0 && height > 0 ? { mediaType: 'image/png', width, height } : null;
}

/** Start-of-frame markers that carry the image size (baseline, progressive, lossless, arithmetic). */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpegInfo(b: Uint8Array): ImageInfo | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8 || b[2] !== 0xff) return null;
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image / start of scan before any SOF
    if (marker >= 0xd0 && marker <= 0xd7) {
      i += 2;
      continue;
    }
    const len = (b[i + 2]! << 8) | b[i + 3]!;
    if (len < 2 || i + 2 + len > b.length) return null;
    if (SOF.has(marker)) {
      if (len < 7) return null;
      const height = (b[i + 5]! << 8) | b[i + 6]!;
      const width = (b[i + 7]! << 8) | b[i + 8]!;
      return width > 0 && height > 0 ? { mediaType: 'image/jpeg', width, height } : null;
    }
    i += 2 + len;
  }
  return null;
}

export function imageInfo(bytes: Uint8Array): ImageInfo | null {
  return jpegInfo(bytes) ?? pngInfo(bytes);
}

/** "At most 2 megapixels": the limit photos are downscaled to before they are stored. */
export const MAX_PHOTO_PIXELS = 2_000_000;
