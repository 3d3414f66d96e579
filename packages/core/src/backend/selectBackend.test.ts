import { describe, expect, it } from 'vitest';
import { selectBackend } from './selectBackend.js';

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

  it('a forced backend that is not installed is a BACKEND error saying how to install it', async () => {
    let native = true;
    try {
      await import('@tensorflow/tfjs-node' as string);
    } catch {
      native = false;
    }
    if (native) return; // where tfjs-node did install, forcing it is legitimate
    await expect(selectBackend('tensorflow')).rejects.toMatchObject({ code: 'BACKEND', message: expect.stringMatching(/npm install @tensorflow\/tfjs-node/) });
  });
});
