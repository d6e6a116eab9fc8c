/**
 * Draws the Admit Gate app icons (PWA manifest, seed 003 Plan 5) as PNGs with pngjs:
 * a full-bleed ink square (safe for `maskable`), a green disc inside the maskable safe zone
 * (radius < 40 % of the size, W3C "Manifest: maskable icons") and a white check mark.
 * The output is committed in public/icons; run again only to change the design:
 *   pnpm exec tsx clients/usher/scripts/make-icons.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

const INK: RGB = [0x0d, 0x10, 0x20];
const GREEN: RGB = [0x0b, 0x8a, 0x42];
const WHITE: RGB = [0xff, 0xff, 0xff];
type RGB = [number, number, number];

/** distance from p to the segment a–b */
function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** colour of the point (x, y) in unit coordinates (0..1) */
function shade(x: number, y: number): RGB {
  const r = Math.hypot(x - 0.5, y - 0.5);
  if (r > 0.34) return INK;
  const stroke = 0.045;
  const d = Math.min(segmentDistance(x, y, 0.36, 0.51, 0.46, 0.61), segmentDistance(x, y, 0.46, 0.61, 0.65, 0.41));
  return d < stroke ? WHITE : GREEN;
}

function draw(size: number): Buffer {
  const png = new PNG({ width: size, height: size });
  const ss = 4; // 4×4 supersampling for smooth edges
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0];
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const c = shade((px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size);
          sum[0]! += c[0];
          sum[1]! += c[1];
          sum[2]! += c[2];
        }
      }
      const i = (py * size + px) * 4;
      png.data[i] = Math.round(sum[0]! / (ss * ss));
      png.data[i + 1] = Math.round(sum[1]! / (ss * ss));
      png.data[i + 2] = Math.round(sum[2]! / (ss * ss));
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

const out = join(import.meta.dirname, '../public/icons');
for (const size of [192, 512, 180]) {
  const name = size === 180 ? 'apple-touch-icon.png' : `icon-${size}.png`;
  writeFileSync(join(out, name), draw(size));
  console.info(`wrote ${name}`);
}
