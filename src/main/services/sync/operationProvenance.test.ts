import { describe, expect, it } from 'vitest';
import { provenanceSchema } from '../../../core/revisions/schema';
import type { ProposalLink, TrackSettingsChange } from '../../../core/tracks/trackSettings';
import { operationProvenance } from './localRevisions';

const link = (sha: string): ProposalLink => ({
  proposalId: '20000000-0000-4000-8000-000000000001',
  generator: 'detect2d-lift',
  model: { name: 'YOLOX-Nano (COCO)', version: '0.1.1rc0', sha256: sha.repeat(64), file: 'yolox_nano.onnx' },
  parameters: { scoreThreshold: 0.3, nmsIou: 0.45, decoder: 'yolox' },
  at: '2026-12-06T12:00:00.000Z',
  classId: 'car',
  score: 0.81,
});
const made = (l: ProposalLink | undefined, n = 1): TrackSettingsChange => ({ trackId: `30000000-0000-4000-8000-00000000000${n}`, before: null, after: l ? { proposal: l } : { size: 'linear' } });

describe('operationProvenance', () => {
  it('records accepting proposals of one model as that model: name, version, hash, settings, generator and run time', () => {
    const p = operationProvenance({ label: 'accept 2 proposals', trackSettings: [made(link('a'), 1), made(link('a'), 2)] });
    expect(provenanceSchema.parse(p)).toEqual({
      kind: 'model',
      name: 'YOLOX-Nano (COCO)',
      version: '0.1.1rc0',
      sha256: 'a'.repeat(64),
      parameters: { generator: 'detect2d-lift', scoreThreshold: 0.3, nmsIou: 0.45, decoder: 'yolox', at: '2026-12-06T12:00:00.000Z' },
    });
  });

  it('records a person otherwise: a plain edit, a track made by hand beside an accepted one, or proposals of two models', () => {
    expect(operationProvenance({ label: 'move box' })).toEqual({ kind: 'human', tool: 'move box' });
    expect(operationProvenance({ label: 'accept', trackSettings: [made(link('a'), 1), made(undefined, 2)] })).toEqual({ kind: 'human', tool: 'accept' });
    expect(operationProvenance({ label: 'accept', trackSettings: [made(link('a'), 1), made(link('b'), 2)] })).toEqual({ kind: 'human', tool: 'accept' });
  });
});
