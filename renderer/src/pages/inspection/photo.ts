/**
 * Photos are decoded and downscaled in the (sandboxed) renderer with the
 * browser's own image decoder: a file that does not decode as an image is
 * refused before anything is sent. Result: a JPEG of at most 2 megapixels and
 * a thumbnail of at most 320 px on its long side.
 */
import { bytesToBase64 } from '../../files';

export const MAX_PIXELS = 2_000_000;
const THUMB_SIDE = 320;

export class NotAnImageError extends Error {
  constructor() {
    super('只能添加照片：所选文件不是图片，或图片已损坏。');
  }
}

function fit(width: number, height: number, maxPixels: number): { w: number; h: number } {
  const scale = Math.min(1, Math.sqrt(maxPixels / (width * height)));
  return { w: Math.max(1, Math.floor(width * scale)), h: Math.max(1, Math.floor(height * scale)) };
}

async function encode(source: CanvasImageSource, w: number, h: number, quality: number): Promise<string> {
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('无法创建画布');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  ctx.drawImage(source, 0, 0, w, h);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
  if (!blob) throw new Error('图片编码失败');
  return bytesToBase64(await blob.arrayBuffer());
}

export interface PreparedPhoto {
  imageBase64: string;
  thumbBase64: string;
  width: number;
  height: number;
}

export async function preparePhoto(source: Blob | HTMLVideoElement): Promise<PreparedPhoto> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(source);
  } catch {
    throw new NotAnImageError();
  }
  try {
    const { w, h } = fit(bitmap.width, bitmap.height, MAX_PIXELS);
    const long = Math.max(bitmap.width, bitmap.height);
    const t = Math.min(1, THUMB_SIDE / long);
    return {
      imageBase64: await encode(bitmap, w, h, 0.85),
      thumbBase64: await encode(bitmap, Math.max(1, Math.round(bitmap.width * t)), Math.max(1, Math.round(bitmap.height * t)), 0.7),
      width: w,
      height: h,
    };
  } finally {
    bitmap.close();
  }
}
