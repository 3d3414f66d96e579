export /** The first path (`.a.b[2]`) where two JSON-like values differ, with both values; undefined when equal. */
function firstDifference(here: unknown, there: unknown, path = ''): { path: string; here: unknown; there: unknown } | undefined {
  if (typeof here !== 'object' || typeof there !== 'object' || here === null || there === null || Array.isArray(here) !== Array.isArray(there)) {
    return Object.is(here, there) || JSON.stringify(here) === JSON.stringify(there) ? undefined : { path, here, there };
  }
  const a = here as Record<string, unknown>;
  const b = there as Record<string, unknown>;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const found = firstDifference(a[key], b[key], Array.isArray(here) ? `${path}[${key}]` : `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}
