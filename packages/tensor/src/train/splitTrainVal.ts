import { createRng, shuffleInPlace } from '@hemocam/core';

/**
 * Hold out a share of the training items for validation, the same way for every trainer: a
 * permutation from the seed (stream `<name>:split`), the first `round(n · fraction)` (at most
 * n − 1) to validation, the rest to training.
 */
export function splitTrainVal<T>(items: readonly T[], fraction: number, seed: number, name: string): { train: T[]; val: T[] } {
  const order = shuffleInPlace(
    items.map((_, i) => i),
    createRng(seed, `${name}:split`),
  );
  const nVal = Math.min(items.length - 1, Math.round(items.length * fraction));
  return { val: order.slice(0, nVal).map((i) => items[i]!), train: order.slice(nVal).map((i) => items[i]!) };
}
