import type { CaseMaskScore, MaskScore } from '@hemocam/core';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const num = (v: number, d = 3) => (Number.isFinite(v) ? v.toFixed(d) : '–');

export interface ReportCase {
  score: CaseMaskScore;
  strip?: string;
}

/**
 * The report page: opens from disk (no server). Assets are siblings in `assetsDir`: case strips
 * as PNG, NiiVue's UMD bundle and `viewer-data.js` (the viewer's volumes as base64, loaded by a
 * classic script tag, since file:// pages may not fetch).
 */
export function reportHtml(title: string, score: MaskScore, cases: readonly ReportCase[], assetsDir: string, viewerIds: readonly string[]): string {
  const metricRows = Object.entries(score.metrics)
    .map(([key, m]) => `<tr><td>${key}</td><td>${num(m.mean)} ± ${num(m.std)}</td><td>${num(m.median)}</td><td>${m.n}${m.undefined ? ` (+${m.undefined} undefined)` : ''}</td></tr>`)
    .join('\n');
  const typeRows = Object.entries(score.byType)
    .map(([type, s]) => `<tr><td>${escape(type)}</td><td>${s.n}</td><td>${num(s.mean)}</td><td>${num(s.median)}</td></tr>`)
    .join('\n');
  const caseRows = cases
    .map(
      ({
        score: c,
        strip,
      }) => `<tr id="case-${escape(c.id)}"><td>${escape(c.id)}</td><td>${escape(c.type || '–')}</td><td>${num(c.dice)}</td><td>${num(c.hd95, 1)}</td><td>${num(c.nsd)}</td><td>${num(c.referenceMl, 2)}</td><td>${num(c.predictedMl, 2)}</td>
<td>${strip ? `<img src="${assetsDir}/${strip}" alt="slices of ${escape(c.id)}">` : ''}</td></tr>`,
    )
    .join('\n');
  const options = viewerIds.map((id) => `<option value="${escape(id)}">${escape(id)}</option>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escape(title)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; color-scheme: light; }
html, body { background: #fff !important; } /* NiiVue paints the page's background otherwise */
table { border-collapse: collapse; margin: 8px 0 24px; }
td, th { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
img { image-rendering: pixelated; max-width: 900px; }
#viewer { width: 720px; height: 420px; background: #000; display: block; }
.legend span { display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 12px; vertical-align: middle; }
</style>
</head>
<body>
<h1>${escape(title)}</h1>
<h2>Metrics over ${score.positives.n} case(s) with bleed</h2>
<table id="metrics"><tr><th>metric</th><th>mean ± std</th><th>median</th><th>n</th></tr>
${metricRows}
</table>
<p>Cases without bleed: ${score.negatives.emptyPredicted}/${score.negatives.n} predicted empty.${score.unmatched.length ? ` No prediction (scored as misses: an empty prediction): ${escape(score.unmatched.join(', '))}.` : ''}${score.predictionOnly.length ? ` Predictions with no reference case (not scored): ${escape(score.predictionOnly.join(', '))}.` : ''}</p>
${typeRows ? `<h2>Dice by hemorrhage type</h2><table id="types"><tr><th>type</th><th>n</th><th>mean</th><th>median</th></tr>\n${typeRows}\n</table>` : ''}
<h2>Viewer</h2>
<p><label>case <select id="case">${options}</select></label>
<span class="legend"><span style="background:#f33"></span>reference <span style="background:#3c3"></span>final mask</span></p>
<canvas id="viewer"></canvas>
<p id="viewer-status"></p>
<h2>Cases, by Dice</h2>
<p class="legend">Outlines: <span style="background:#ff2828"></span>reference <span style="background:#28e63c"></span>final mask <span style="background:#ffdc00"></span>pseudo mask; second row: CAM.</p>
<table id="cases"><tr><th>case</th><th>type</th><th>Dice</th><th>HD95 (mm)</th><th>NSD</th><th>reference mL</th><th>predicted mL</th><th>slices</th></tr>
${caseRows}
</table>
<script src="${assetsDir}/niivue.umd.js"></script>
<script src="${assetsDir}/viewer-data.js"></script>
<script>
(async () => {
  const status = document.getElementById('viewer-status');
  const nv = new niivue.Niivue({ backColor: [0, 0, 0, 1], show3Dcrosshair: true });
  await nv.attachToCanvas(document.getElementById('viewer'));
  nv.setSliceType(nv.sliceTypeMultiplanar);
  async function show(id) {
    const data = window.HEMOCAM_VIEWER[id];
    const layers = [await niivue.NVImage.loadFromBase64({ base64: data.image, name: id + '.nii.gz', cal_min: 0, cal_max: 80 })];
    if (data.reference) layers.push(await niivue.NVImage.loadFromBase64({ base64: data.reference, name: id + '_reference.nii.gz', colormap: 'red', opacity: 0.5, cal_min: 0, cal_max: 1 }));
    if (data.mask) layers.push(await niivue.NVImage.loadFromBase64({ base64: data.mask, name: id + '_mask.nii.gz', colormap: 'green', opacity: 0.5, cal_min: 0, cal_max: 1 }));
    while (nv.volumes.length) nv.removeVolume(nv.volumes[0]);
    for (const layer of layers) nv.addVolume(layer);
    status.textContent = id + ': ' + layers.length + ' layer(s); drag to move the crosshair, scroll to change slice';
  }
  const select = document.getElementById('case');
  select.addEventListener('change', () => show(select.value));
  if (select.value) await show(select.value);
})().catch((error) => { document.getElementById('viewer-status').textContent = 'viewer unavailable: ' + error.message; console.error(error); });
</script>
</body>
</html>
`;
}
