import type { ModelCard } from './modelCard';

/** A small card for tests: two classes, the given input size and decoder, nothing thresholded out. */
export function testCard(decoder: ModelCard['decoder'], width: number, height: number, input: Partial<ModelCard['input']> = {}): ModelCard {
  return {
    format: 'cairn-model-card',
    version: 1,
    name: 'test detector',
    modelVersion: '1',
    task: 'detect2d',
    input: { name: 'x', width, height, layout: 'NCHW', colourOrder: 'RGB', mean: [0, 0, 0], std: [1, 1, 1], resize: { mode: 'stretch' }, ...input },
    decoder,
    classes: ['thing', 'car'],
    classMap: { car: 'car' },
    thresholds: { score: 0.1, nmsIou: 0.5, maxDetections: 10 },
  };
}
