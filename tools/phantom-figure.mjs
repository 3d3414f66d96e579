#!/usr/bin/env node
// Renders docs/phantom.png: one phantom case per hemorrhage type (CT in a brain window, then
// the same slice with the ground-truth outline in red), and a negative case's mimics
// (skull base with sinuses and petrous bone, calcified choroid plexus/pineal, dense sinus).
// Usage: npm run build && node tools/phantom-figure.mjs [out.png]
import { createRng } from '@hemocam/core';
import { drawOutline, montage, renderSlice, writePng } from '@hemocam/render';
import { HEMORRHAGE_TYPES, samplePhantomParams, synthCase } from '@hemocam/phantom';

const out = process.argv[2] ?? 'docs/phantom.png';
const half = (image) => {
  const w = image.width / 2;
  const h = image.height / 2;
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < 3; c++) {
        const at = (dx, dy) => image.data[((2 * y + dy) * image.width + 2 * x + dx) * 3 + c];
        data[(y * w + x) * 3 + c] = (at(0, 0) + at(1, 0) + at(0, 1) + at(1, 1)) / 4;
      }
  return { width: w, height: h, data };
};
const paramsOf = (seed, positive) => samplePhantomParams(createRng(seed, 'phantom'), positive);

const tiles = [];
for (const type of HEMORRHAGE_TYPES) {
  let seed = 1;
  while (true) {
    const p = paramsOf(seed, true);
    if (p.hemorrhages.length === 1 && p.hemorrhages[0].type === type) {
      const c = synthCase(seed, { positive: true });
      if (c.volumeMl > 2) {
        const plane = 512 * 512;
        let best = 0;
        let bestCount = -1;
        for (let z = 0; z < 32; z++) {
          let n = 0;
          for (let i = z * plane; i < (z + 1) * plane; i++) n += c.label.data[i];
          if (n > bestCount) [best, bestCount] = [z, n];
        }
        const ct = renderSlice(c.image, best);
        tiles.push(half(ct), half(drawOutline(ct, c.label, best, [255, 40, 40])));
        console.log(`${type}: seed ${seed}, slice ${best}, ${c.volumeMl.toFixed(1)} mL`);
        break;
      }
    }
    seed++;
  }
}
let seed = 1;
while (!(paramsOf(seed, false).calcifications.length >= 3 && paramsOf(seed, false).denseMca)) seed++;
const negative = synthCase(seed, { positive: false });
for (const z of [1, 3, 7, 9]) tiles.push(half(renderSlice(negative.image, z)));
await writePng(out, montage(tiles, 4, 6));
console.log(`mimics: negative seed ${seed}; wrote ${out}`);
