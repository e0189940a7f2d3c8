import { gridShape } from './pillarGrid';
import { pillarDecoderOutputs, type PillarCard } from './pillarCard';

/** A graph's inputs and outputs as onnxruntime reports them: a dimension is a number where fixed. */
export interface GraphIo {
  readonly inputs: readonly { readonly name: string; readonly shape: readonly (number | string | null)[] }[];
  readonly outputs: readonly { readonly name: string; readonly shape: readonly (number | string | null)[] }[];
}

/** What the graphs fix that the run must follow. */
export interface PillarGraphShape {
  /** The pfe graph's fixed pillar count (the tensor is padded to it), or null where it is dynamic. */
  readonly fixedPillars: number | null;
}

const fixed = (d: number | string | null | undefined): d is number => typeof d === 'number' && d >= 0;
const show = (shape: readonly (number | string | null)[]) => `[${shape.map((d) => d ?? '?').join(', ')}]`;

/**
 * Checks the two graphs against the card before any scan runs: every tensor the card names must
 * exist, and every dimension a graph fixes must be the one the card's grid, features and pillar
 * limits give. The errors name the file and the tensor.
 */
export function checkPillarGraphs(card: PillarCard, pfe: GraphIo, pfeFile: string, rpn: GraphIo, rpnFile: string): PillarGraphShape {
  const need = (io: GraphIo, kind: 'inputs' | 'outputs', tensor: string, file: string, role: string) => {
    const found = io[kind].find((t) => t.name === tensor);
    if (!found) throw new Error(`${file}: the card's ${role} "${tensor}" is not among the graph's ${kind} (${io[kind].map((t) => t.name).join(', ')})`);
    return found.shape;
  };
  const p = card.pillars;
  const C = p.features.length;
  const M = p.maxPointsPerPillar;
  const input = need(pfe, 'inputs', card.pfe.input, pfeFile, 'pfe input');
  const want = card.pfe.inputLayout === 'PMC' ? [null, M, C] : [1, C, null, M];
  const pillarAxis = card.pfe.inputLayout === 'PMC' ? 0 : 2;
  if (input.length !== want.length || want.some((w, i) => w !== null && fixed(input[i]) && input[i] !== w)) {
    throw new Error(`${pfeFile}: input "${card.pfe.input}" is ${show(input)}; the card's ${card.pfe.inputLayout} layout with ${M} points per pillar and ${C} features needs ${show(want.map((w) => w ?? 'pillars'))}`);
  }
  const rows = input[pillarAxis];
  if (fixed(rows) && rows !== p.maxPillars) throw new Error(`${pfeFile}: input "${card.pfe.input}" holds ${rows} pillars, the card says maxPillars ${p.maxPillars}`);
  if (card.pfe.numPoints) need(pfe, 'inputs', card.pfe.numPoints, pfeFile, 'pfe numPoints input');
  const out = need(pfe, 'outputs', card.pfe.output, pfeFile, 'pfe output');
  // [pillars, channels] or [pillars, 1, channels] (Autoware's encoder); [1, channels, pillars(, 1)].
  const pc = card.pfe.outputLayout === 'PC';
  if (pc ? !(out.length === 2 || (out.length === 3 && out[1] === 1)) : !(out.length === 3 || out.length === 4)) {
    throw new Error(`${pfeFile}: output "${card.pfe.output}" is ${show(out)}, not ${pc ? '[pillars, (1,) channels]' : '[1, channels, pillars(, 1)]'}`);
  }
  const channels = pc ? out[out.length - 1] : out[1];

  const image = need(rpn, 'inputs', card.rpn.input, rpnFile, 'rpn input');
  const { nx, ny } = gridShape(p);
  const wantImage = [1, fixed(channels) ? channels : null, ny, nx];
  if (image.length !== 4 || wantImage.some((w, i) => w !== null && fixed(image[i]) && image[i] !== w)) {
    throw new Error(`${rpnFile}: input "${card.rpn.input}" is ${show(image)}; the card's grid (${ny} × ${nx} cells) and the pfe's ${fixed(channels) ? channels : '?'} channels make ${show(wantImage.map((w) => w ?? 'channels'))}`);
  }
  for (const o of pillarDecoderOutputs(card.decoder)) need(rpn, 'outputs', o, rpnFile, 'decoder output');
  return { fixedPillars: fixed(rows) ? rows : null };
}
