// Draws the PNG app icons (same design as public/icon.svg) without any image
// library: a rasterizer with 4x4 supersampling and a tiny PNG encoder.
// Run once: `node scripts/make-icons.mjs` (the PNGs are committed).
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const N = [[152, 368], [152, 144], [192, 144], [320, 304], [320, 144], [360, 144], [360, 368], [320, 368], [192, 208], [192, 368]];

function inPoly(x, y, poly) {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i], [xj, yj] = poly[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inRoundRect(x, y, r) {
  const cx = Math.min(Math.max(x, r), 512 - r), cy = Math.min(Math.max(y, r), 512 - r);
  return x >= 0 && y >= 0 && x <= 512 && y <= 512 && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function draw(size, { radius, glyphScale }) {
  const px = Buffer.alloc(size * size * 4);
  const S = 4;
  const poly = N.map(([x, y]) => [256 + (x - 256) * glyphScale, 256 + (y - 256) * glyphScale]);
  for (let py = 0; py < size; py++) {
    for (let pxl = 0; pxl < size; pxl++) {
      let bg = 0, fg = 0;
      for (let sy = 0; sy < S; sy++) for (let sx = 0; sx < S; sx++) {
        const x = ((pxl + (sx + 0.5) / S) * 512) / size, y = ((py + (sy + 0.5) / S) * 512) / size;
        if (radius ? inRoundRect(x, y, radius) : true) {
          bg++;
          if (inPoly(x, y, poly)) fg++;
        }
      }
      const t = (pxl + py) / (2 * size);
      const r0 = 0x63 + (0x43 - 0x63) * t, g0 = 0x66 + (0x38 - 0x66) * t, b0 = 0xf1 + (0xca - 0xf1) * t;
      const a = bg / (S * S), f = bg ? fg / bg : 0;
      const o = (py * size + pxl) * 4;
      px[o] = Math.round(r0 + (255 - r0) * f);
      px[o + 1] = Math.round(g0 + (255 - g0) * f);
      px[o + 2] = Math.round(b0 + (255 - b0) * f);
      px[o + 3] = Math.round(a * 255);
    }
  }
  return png(size, px);
}

const CRC = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function crc32(buf) {
  let c = -1;
  for (const b of buf) c = CRC[(c ^ b) & 255] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = new URL('../public/', import.meta.url);
writeFileSync(new URL('icon-192.png', out), draw(192, { radius: 112, glyphScale: 1 }));
writeFileSync(new URL('icon-512.png', out), draw(512, { radius: 112, glyphScale: 1 }));
writeFileSync(new URL('icon-maskable-512.png', out), draw(512, { radius: 0, glyphScale: 0.72 }));
writeFileSync(new URL('apple-touch-icon.png', out), draw(180, { radius: 0, glyphScale: 0.85 }));
console.log('icons written');
