/** Fisher–Yates shuffle of `items` in place with a seeded random source (from the end, one draw per position). Returns `items`. */
export function shuffleInPlace<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!]; // 0 ≤ j ≤ i < length
  }
  return items;
}
