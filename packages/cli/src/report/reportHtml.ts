import type { CaseMaskScore, MaskScore } from '@hemocam/io';
import { diceHistogramSvg } from './diceHistogramSvg.js';
import { esc } from './svgFrame.js';
import { volumeScatterSvg } from './volumeScatterSvg.js';

const num = (v: number, d = 3) => (Number.isFinite(v) ? v.toFixed(d) : '–');

export interface ReportCase {
  score: CaseMaskScore;
  strip?: string;
  /** The case's viewer data script, relative to the assets folder; undefined when the viewer does not hold it. */
  viewer?: string;
}

/**
 * The report page: opens from disk (no server). `cases` come in the order they are listed
 * (worst first). Assets are siblings in `assetsDir`: case strips as PNG, NiiVue's UMD bundle,
 * and per viewer case a classic script that adds its volumes (base64) to `HEMOCAM_CASES`,
 * loaded when the case is opened (file:// pages may not fetch). `#view=<id>` opens a case.
 */
export function reportHtml(title: string, score: MaskScore, cases: readonly ReportCase[], assetsDir: string): string {
  const metricRows = Object.entries(score.metrics)
    .map(([key, m]) => `<tr><td>${key}</td><td>${num(m.mean)} ± ${num(m.std)}</td><td>${num(m.median)}</td><td>${m.n}${m.undefined ? ` (+${m.undefined} undefined)` : ''}</td></tr>`)
    .join('\n');
  const typeRows = Object.entries(score.byType)
    .map(([type, s]) => `<tr><td>${esc(type)}</td><td>${s.n}</td><td>${num(s.mean)}</td><td>${num(s.median)}</td></tr>`)
    .join('\n');
  const kind = (c: CaseMaskScore) => (c.referenceVoxels > 0 ? 'bleed' : c.predictedVoxels > 0 ? 'false positive' : 'negative');
  const caseRows = cases
    .map(({ score: c, strip, viewer }) => {
      const open = viewer ? `<a href="#view=${encodeURIComponent(c.id)}" class="open" data-case="${esc(c.id)}">open in viewer</a>` : '<span title="raise --viewer to include it">not in viewer</span>';
      return `<tr id="case-${esc(c.id)}" class="${kind(c).replace(' ', '-')}"><td>${esc(c.id)}<br>${open}</td><td>${kind(c)}</td><td>${esc(c.type || '–')}</td><td>${num(c.dice)}</td><td>${num(c.hd95, 1)}</td><td>${num(c.nsd)}</td><td>${num(c.referenceMl, 2)}</td><td>${num(c.predictedMl, 2)}</td>
<td>${strip ? `<img src="${assetsDir}/${strip}" alt="slices of ${esc(c.id)}">` : ''}</td></tr>`;
    })
    .join('\n');
  const viewerCases = cases.filter((c) => c.viewer);
  const options = viewerCases.map(({ score: c }) => `<option value="${esc(c.id)}">${esc(c.id)} (${kind(c)}, Dice ${num(c.dice, 2)})</option>`).join('');
  const scripts = Object.fromEntries(viewerCases.map((c) => [c.score.id, `${assetsDir}/${c.viewer!}`]));
  const scored = cases.map((c) => c.score);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(title)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; color-scheme: light; }
html, body { background: #fff !important; } /* NiiVue paints the page's background otherwise */
table { border-collapse: collapse; margin: 8px 0 24px; }
td, th { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
tr.false-positive td:nth-child(2) { color: #b5540b; font-weight: 600; }
img { image-rendering: pixelated; max-width: 900px; }
.figures svg { margin-right: 16px; vertical-align: top; }
#viewer-box { width: 720px; height: 420px; }
#viewer { width: 720px; height: 420px; background: #000; display: block; }
section, #viewer-box { background: #fff !important; } /* NiiVue paints the canvas's parent otherwise */
#layers label { margin-right: 14px; }
.legend span { display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 12px; vertical-align: middle; }
</style>
</head>
<body>
<h1>${esc(title)}</h1>
<section id="summary">
<h2>Metrics over ${score.positives.n} case(s) with bleed</h2>
<table id="metrics"><tr><th>metric</th><th>mean ± std</th><th>median</th><th>n</th></tr>
${metricRows}
</table>
<p>Cases without bleed: ${score.negatives.emptyPredicted}/${score.negatives.n} predicted empty.${score.unmatched.length ? ` No prediction (scored as misses: an empty prediction): ${esc(score.unmatched.join(', '))}.` : ''}${score.predictionOnly.length ? ` Predictions with no reference case (not scored): ${esc(score.predictionOnly.join(', '))}.` : ''}</p>
${typeRows ? `<h2>Dice by hemorrhage type</h2><table id="types"><tr><th>type</th><th>n</th><th>mean</th><th>median</th></tr>\n${typeRows}\n</table>` : ''}
<div class="figures">${diceHistogramSvg(scored)}${volumeScatterSvg(scored)}</div>
<p class="legend">Scatter: <span style="background:#d62828"></span>case with bleed <span style="background:#f4a261"></span>case without bleed; dashed: predicted = reference. Click a point for its row.</p>
</section>
<section id="viewer-section">
<h2>Viewer</h2>
<p><label>case <select id="case">${options}</select></label></p>
<p id="layers"><label><input type="checkbox" data-layer="ct" checked> CT</label><label><input type="checkbox" data-layer="reference" checked> <span class="legend"><span style="background:#f33;margin-left:0"></span></span>reference</label><label><input type="checkbox" data-layer="prediction" checked> <span class="legend"><span style="background:#3c3;margin-left:0"></span></span>prediction</label><label><input type="checkbox" data-layer="cam" checked> CAM (warm)</label></p>
<div id="viewer-box"><canvas id="viewer"></canvas></div>
<p id="viewer-status"></p>
</section>
<section id="cases">
<h2>Cases, worst first</h2>
<p>Cases with bleed by Dice, lowest first; then cases without bleed that have false-positive voxels, most first; then clean negatives.</p>
<p class="legend">Outlines: <span style="background:#ff2828"></span>reference <span style="background:#28e63c"></span>final mask <span style="background:#ffdc00"></span>pseudo mask; second row: CAM.</p>
<table id="case-table"><tr><th>case</th><th>kind</th><th>type</th><th>Dice</th><th>HD95 (mm)</th><th>NSD</th><th>reference mL</th><th>predicted mL</th><th>slices</th></tr>
${caseRows}
</table>
</section>
<script src="${assetsDir}/niivue.umd.js"></script>
<script>
const SCRIPTS = ${JSON.stringify(scripts).replace(/</g, '\\u003c')};
(async () => {
  const status = document.getElementById('viewer-status');
  const select = document.getElementById('case');
  const nv = new niivue.Niivue({ backColor: [0, 0, 0, 1], show3Dcrosshair: true });
  await nv.attachToCanvas(document.getElementById('viewer'));
  nv.setSliceType(nv.sliceTypeMultiplanar);
  const opacity = { ct: 1, reference: 0.5, prediction: 0.5, cam: 0.45 };
  let shown = [];
  const load = (id) => new Promise((resolve, reject) => {
    if (window.HEMOCAM_CASES && window.HEMOCAM_CASES[id]) return resolve(window.HEMOCAM_CASES[id]);
    const script = document.createElement('script');
    script.src = SCRIPTS[id];
    script.onload = () => resolve(window.HEMOCAM_CASES[id]);
    script.onerror = () => reject(new Error('cannot load ' + SCRIPTS[id]));
    document.head.appendChild(script);
  });
  const visible = (layer) => document.querySelector('#layers input[data-layer="' + layer + '"]').checked;
  function applyVisibility() {
    shown.forEach((layer, i) => nv.setOpacity(i, visible(layer) ? opacity[layer] : 0));
  }
  async function show(id) {
    const data = await load(id);
    const specs = [['ct', data.image, { cal_min: 0, cal_max: 80 }], ['cam', data.cam, { colormap: 'warm', cal_min: 0.2, cal_max: 1 }], ['reference', data.reference, { colormap: 'red', cal_min: 0, cal_max: 1 }], ['prediction', data.mask, { colormap: 'green', cal_min: 0, cal_max: 1 }]]; // the masks above the CAM
    const layers = [];
    for (const [layer, base64, options] of specs) {
      if (!base64) continue;
      layers.push([layer, await niivue.NVImage.loadFromBase64({ base64, name: id + '_' + layer + '.nii.gz', opacity: opacity[layer], ...options })]);
    }
    while (nv.volumes.length) nv.removeVolume(nv.volumes[0]);
    for (const [, image] of layers) nv.addVolume(image);
    shown = layers.map(([layer]) => layer);
    document.querySelectorAll('#layers input').forEach((box) => { box.disabled = !shown.includes(box.dataset.layer); });
    applyVisibility();
    if (data.start) {
      nv.scene.crosshairPos = nv.mm2frac(data.start.mm);
      nv.drawScene();
      nv.createOnLocationChange();
    }
    status.textContent = id + ': ' + layers.length + ' layer(s) (' + shown.join(', ') + ')' + (data.start ? '; on slice ' + data.start.slice + ', the largest bleed' : '; no bleed to show') + '; drag to move the crosshair, scroll to change slice';
    document.documentElement.dataset.viewerCase = id;
  }
  document.querySelectorAll('#layers input').forEach((box) => box.addEventListener('change', applyVisibility));
  select.addEventListener('change', () => show(select.value).catch(fail));
  const hashCase = () => {
    const match = /^#view=(.+)$/.exec(location.hash);
    const id = match ? decodeURIComponent(match[1]) : undefined;
    return id && SCRIPTS[id] ? id : undefined;
  };
  window.addEventListener('hashchange', () => {
    const id = hashCase();
    if (!id) return;
    select.value = id;
    document.getElementById('viewer-section').scrollIntoView();
    show(id).catch(fail);
  });
  const first = hashCase() || select.value;
  if (first) {
    select.value = first;
    if (hashCase()) document.getElementById('viewer-section').scrollIntoView();
    await show(first);
  }
})().catch(fail);
function fail(error) { document.getElementById('viewer-status').textContent = 'viewer unavailable: ' + error.message; console.error(error); }
</script>
</body>
</html>
`;
}
