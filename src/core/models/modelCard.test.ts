import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decoderOutputs, parseModelCard } from './modelCard';
import { testCard } from './testCard';

const CARDS = path.join(__dirname, '..', '..', '..', 'resources', 'models');

describe('model cards', () => {
  it('reads every 2D detector card Cairn ships, each mapping COCO car to the ontology car', () => {
    // 3D detector cards (task detect3d) have their own schema and test (pillars/pillarCard).
    const files = readdirSync(CARDS).filter((f) => f.endsWith('.card.json') && (JSON.parse(readFileSync(path.join(CARDS, f), 'utf8')) as { task?: string }).task === 'detect2d');
    expect(files.sort()).toEqual(['fastestdet.card.json', 'nanodet-m-416.card.json', 'yolox-nano.card.json']);
    for (const f of files) {
      const card = parseModelCard(JSON.parse(readFileSync(path.join(CARDS, f), 'utf8')), f);
      expect(card.classes).toHaveLength(80);
      expect(card.classMap.car).toBe('car');
    }
  });

  it('names the card and every wrong field', () => {
    const bad = { ...testCard({ kind: 'yolox', output: 'out', strides: [8] }, 32, 32), task: 'segment', thresholds: { score: 2, nmsIou: 0.5, maxDetections: 1 } };
    expect(() => parseModelCard(bad, 'my.card.json')).toThrow(/^my\.card\.json: not a valid model card: .*task.*thresholds\.score/);
  });

  it('refuses a class map that names a class the model lacks', () => {
    const card = { ...testCard({ kind: 'fastestdet', output: 'o' }, 32, 32), classMap: { lorry: 'truck' } };
    expect(() => parseModelCard(card, 'c.json')).toThrow('c.json: classMap names classes the model does not have: lorry');
  });

  it('lists the outputs a decoder reads', () => {
    const levels = [{ stride: 8, scores: 's8', boxes: 'b8' }, { stride: 16, scores: 's16', boxes: 'b16' }];
    expect(decoderOutputs({ kind: 'nanodet-gfl', regMax: 7, levels })).toEqual(['s8', 'b8', 's16', 'b16']);
    expect(decoderOutputs({ kind: 'yolox', output: 'output', strides: [8] })).toEqual(['output']);
  });
});
