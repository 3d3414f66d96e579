/**
 * Connected components of a binary mask on an x-fastest grid (face connectivity: 4 in 2-D,
 * 6 in 3-D), by breadth-first flood fill over a typed-array queue. Returns labels (0 for
 * background, 1..n) and the voxel count of each label (index 0 unused).
 */
export function labelComponents(mask: ArrayLike<number>, dims: readonly [number, number, number]): { labels: Int32Array; sizes: number[] } {
  const [nx, ny, nz] = dims;
  const labels = new Int32Array(nx * ny * nz);
  const queue = new Int32Array(labels.length);
  const sizes = [0];
  const plane = nx * ny;
  // Made once, not per voxel: a closure per visit cost more than the fill itself.
  let label = 0;
  let tail = 0;
  const visit = (j: number) => {
    if (mask[j] && !labels[j]) {
      labels[j] = label;
      queue[tail++] = j;
    }
  };
  for (let start = 0; start < labels.length; start++) {
    if (!mask[start] || labels[start]) continue;
    label = sizes.length;
    let head = 0;
    tail = 0;
    queue[tail++] = start;
    labels[start] = label;
    while (head < tail) {
      const i = queue[head++]!;
      const x = i % nx;
      const y = Math.floor(i / nx) % ny;
      const z = Math.floor(i / plane);
      if (x > 0) visit(i - 1);
      if (x < nx - 1) visit(i + 1);
      if (y > 0) visit(i - nx);
      if (y < ny - 1) visit(i + nx);
      if (z > 0) visit(i - plane);
      if (z < nz - 1) visit(i + plane);
    }
    sizes.push(tail);
  }
  return { labels, sizes };
}
