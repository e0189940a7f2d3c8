import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { testPillarCardInput } from '../../../../core/models/pillars/testPillarCard';
import type { PillarCardInput } from '../../../../core/models/pillars/pillarCard';
import { pillarTestPfe, pillarTestRpn } from './pillarTestNets';

/**
 * The test pillar graphs (outputs known by construction, see pillarTestNets) with their card's
 * 8 × 8 m grid moved onto the sample scene's first car (x 7 m, y −2.9 m on frame 1) and its
 * intensities scaled up so the graphs fire there: a 3D detector that proposes on the sample.
 */
export function writeSamplePillarModel(dir: string): { pfeFile: string; rpnFile: string; cardFile: string; card: PillarCardInput } {
  const [pfeFile, rpnFile, cardFile] = ['pfe.onnx', 'rpn.onnx', 'pillars.card.json'].map((f) => path.join(dir, f));
  const base = testPillarCardInput();
  const card = { ...base, pillars: { ...base.pillars, range: [3, -7, -3, 11, 1, 1] as PillarCardInput['pillars']['range'], intensityScale: 50 } };
  writeFileSync(pfeFile, pillarTestPfe());
  writeFileSync(rpnFile, pillarTestRpn());
  writeFileSync(cardFile, JSON.stringify(card));
  return { pfeFile, rpnFile, cardFile, card };
}
