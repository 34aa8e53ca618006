/**
 * @module The extension's icons, drawn at build time (a green disc with a white check, SiteTruth's "A"
 * symbol) and encoded as PNG with fflate's zlib: no image files to keep in the repository, no new dependency.
 */
import { zlibSync } from "fflate";

export const ICON_SIZES = [16, 32, 48, 128] as const;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** Distance from (px, py) to the segment (ax, ay)–(bx, by). */
function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** RGBA of the icon at unit coordinates (0–1): transparent outside the disc, white on the check. */
function shade(x: number, y: number): [number, number, number, number] {
  if (Math.hypot(x - 0.5, y - 0.5) > 0.48) return [0, 0, 0, 0];
  const check = Math.min(segmentDistance(x, y, 0.27, 0.52, 0.43, 0.68), segmentDistance(x, y, 0.43, 0.68, 0.74, 0.34));
  return check < 0.07 ? [255, 255, 255, 255] : [30, 123, 52, 255];
}

/** The icon as a PNG of `size`×`size` pixels, 4×4 supersampled. */
export function drawIconPng(size: number): Uint8Array {
  const SAMPLES = 4;
  const raw = new Uint8Array(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const [r, g, b, a] = shade((x + (sx + 0.5) / SAMPLES) / size, (y + (sy + 0.5) / SAMPLES) / size);
          sum[0] = (sum[0] ?? 0) + r * a;
          sum[1] = (sum[1] ?? 0) + g * a;
          sum[2] = (sum[2] ?? 0) + b * a;
          sum[3] = (sum[3] ?? 0) + a;
        }
      }
      const alpha = sum[3] ?? 0;
      const at = y * (size * 4 + 1) + 1 + x * 4;
      raw.set(
        alpha === 0
          ? [0, 0, 0, 0]
          : [(sum[0] ?? 0) / alpha, (sum[1] ?? 0) / alpha, (sum[2] ?? 0) / alpha, alpha / SAMPLES ** 2].map(Math.round),
        at,
      );
    }
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, size);
  view.setUint32(4, size);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, no filter method choice, no interlace
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", zlibSync(raw, { level: 9 })),
    chunk("IEND", new Uint8Array()),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
