/**
 * Handwriting-like signature images for demo data: a PNG drawn from a seed in
 * plain Node (no canvas here), so signed demo records show real strokes on
 * screen and in the PDF instead of a blank. Encoded by hand: an RGBA scanline
 * buffer, zlib deflate, and the CRC-32 every PNG chunk carries (Node 20's zlib
 * has no crc32 yet).
 */
import zlib from 'node:zlib';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A 360×120 transparent PNG with a few ink strokes shaped by `seed`. */
export function demoSignaturePng(seed: number): Buffer {
  const w = 360;
  const h = 120;
  const px = Buffer.alloc(w * h * 4);
  const dot = (x: number, y: number) => {
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++) {
        const xi = Math.round(x + dx);
        const yi = Math.round(y + dy);
        if (xi < 0 || yi < 0 || xi >= w || yi >= h) continue;
        const i = (yi * w + xi) * 4;
        px[i] = 0x10;
        px[i + 1] = 0x20;
        px[i + 2] = 0x4a;
        px[i + 3] = 0xff;
      }
  };
  // Three "characters" and a flourish: loops whose size and slant depend on the seed.
  for (let part = 0; part < 3; part++) {
    const cx = 60 + part * 90;
    const r = 18 + ((seed * (part + 3)) % 13);
    for (let t = 0; t < Math.PI * 4; t += 0.01) {
      dot(cx + Math.cos(t * (1 + (seed % 3) * 0.5)) * r + t * 4, 60 + Math.sin(t * 1.5) * (r * 0.9) - t * 2);
    }
  }
  for (let x = 30; x < 330; x++) dot(x, 96 + Math.sin(x / 25 + seed) * 6);
  const raw = Buffer.alloc(h * (w * 4 + 1));
  for (let y = 0; y < h; y++) px.copy(raw, y * (w * 4 + 1) + 1, y * w * 4, (y + 1) * w * 4);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
