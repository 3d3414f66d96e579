// Inline SVG, written here: two small figures need a few rects, circles and lines, and SVG stays
// sharp and readable offline; a chart library would bring megabytes (and a DOM) for them.
const W = 420;
const H = 300;
export const M = { left: 52, right: 16, top: 28, bottom: 44 };
export const PW = W - M.left - M.right;
export const PH = H - M.top - M.bottom;
export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** An SVG plot: title, axes box, `body` in plot coordinates, ticks and axis labels. */
export function svgFrame(id: string, title: string, xLabel: string, yLabel: string, body: string, xTicks: [number, string][], yTicks: [number, string][]): string {
  const ticks = [
    ...xTicks.map(([x, label]) => `<line x1="${x}" y1="${M.top + PH}" x2="${x}" y2="${M.top + PH + 4}" stroke="#444"/><text x="${x}" y="${M.top + PH + 17}" text-anchor="middle">${label}</text>`),
    ...yTicks.map(([y, label]) => `<line x1="${M.left - 4}" y1="${y}" x2="${M.left}" y2="${y}" stroke="#444"/><text x="${M.left - 7}" y="${y + 4}" text-anchor="end">${label}</text>`),
  ].join('');
  return `<svg id="${id}" xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif" font-size="11" role="img" aria-label="${esc(title)}">
<text x="${W / 2}" y="16" text-anchor="middle" font-size="13">${esc(title)}</text>
<rect x="${M.left}" y="${M.top}" width="${PW}" height="${PH}" fill="#fafafa" stroke="#444"/>
${body}${ticks}
<text x="${M.left + PW / 2}" y="${H - 8}" text-anchor="middle">${esc(xLabel)}</text>
<text transform="translate(14 ${M.top + PH / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>
</svg>`;
}
