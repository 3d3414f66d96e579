import { describe, expect, it } from 'vitest';
import { selectBackend } from './selectBackend.js';

// Whether @tensorflow/tfjs-node installed here (an optional dependency: its install downloads libtensorflow).
const nativeModule: string = '@tensorflow/tfjs-node'; // a variable, so that the type checker does not demand its types
const nativeInstalled = await import(nativeModule).then(
  () => true,
  () => false,
);

describe('selectBackend', () => {
  it('auto falls back past the missing native backends to one that computes', async () => {
    const { tf, name } = await selectBackend('auto');
    expect(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']).toContain(name);
    expect(tf.tidy(() => tf.add(tf.scalar(2), tf.scalar(3)).dataSync()[0])).toBe(5);
  });

  it('wasm is available offline as the default here', async () => {
    const { tf, name } = await selectBackend('wasm');
    expect(name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it.skipIf(nativeInstalled)('a forced backend that is not installed is a BACKEND error saying how to install it', async () => {
    await expect(selectBackend('tensorflow')).rejects.toMatchObject({ code: 'BACKEND', message: expect.stringMatching(/npm install @tensorflow\/tfjs-node/) });
  });

  it.runIf(nativeInstalled)('where tfjs-node did install, forcing it selects it and it computes', async () => {
    const { tf, name } = await selectBackend('tensorflow');
    expect(name).toBe('tensorflow');
    expect(tf.tidy(() => tf.add(tf.scalar(2), tf.scalar(3)).dataSync()[0])).toBe(5);
  });
});
