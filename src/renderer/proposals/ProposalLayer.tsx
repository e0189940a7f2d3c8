import { Html } from '@react-three/drei';
import { useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import { useView } from '../workbench/context';
import { useOpenProposals } from './openProposals';
import { useProposals, useShownFrameProposals } from './proposalsStore';

/** Proposals are magenta whatever their class: they must never be mistaken for annotations. */
export const PROPOSAL_COLOUR = '#e879f9';
/** More tags than this would hide the scan; the panel lists every proposal. */
const MAX_TAGS = 15;

const unitEdges = (() => {
  const lines = new THREE.LineSegments(new THREE.EdgesGeometry(new THREE.BoxGeometry(1, 1, 1)));
  lines.computeLineDistances();
  return lines.geometry;
})();
const unitBox = new THREE.BoxGeometry(1, 1, 1);

/**
 * The open proposals of the frame on screen from the panel's score up: dashed magenta outlines over a faint fill, brighter
 * the higher their score, each tagged with its class and score; the one the Proposals panel points
 * at is drawn solid. Not pickable: the panel accepts and rejects them, and the boxes being edited
 * keep every click.
 */
export function ProposalLayer() {
  const shown = useShownFrameProposals();
  const readFor = useProposals((s) => s.readFor);
  const all = useProposals((s) => s.proposals);
  const highlighted = useProposals((s) => s.highlighted);
  const minScore = useProposals((s) => s.minScore);
  const open = useOpenProposals(all, shown !== null && readFor === shown.key);
  const ontology = useView((s) => s.ontology);
  const invalidate = useThree((s) => s.invalidate);
  // Those under the panel's score are left out (the one pointed at always shows), best first so the tags go to them.
  const proposals = useMemo(
    () =>
      open.filter((p) => (p.score ?? 0) >= minScore || p.proposalId === highlighted).sort((a, b) => (b.score ?? 0) - (a.score ?? 0)),
    [open, minScore, highlighted],
  );
  useEffect(() => invalidate(), [proposals, highlighted, invalidate]);
  const materials = useMemo(() => {
    const levels = [0.35, 0.55, 0.75, 1].map((opacity) => new THREE.LineDashedMaterial({ color: PROPOSAL_COLOUR, dashSize: 0.08, gapSize: 0.06, transparent: true, opacity }));
    return {
      line: (score: number | null) => levels[Math.min(3, Math.floor((score ?? 0.5) * 4))],
      solid: new THREE.LineBasicMaterial({ color: '#ffffff' }),
      fill: new THREE.MeshBasicMaterial({ color: PROPOSAL_COLOUR, transparent: true, opacity: 0.08, depthWrite: false }),
    };
  }, []);
  const nameOf = (classId: string | null) => (classId === null ? 'unclassified' : (ontology?.classes.find((c) => c.classId === classId)?.name ?? classId));
  return (
    <group name="proposals" userData={{ count: proposals.length }}>
      {proposals.map((p, i) => {
        const { center, size, rotation } = p.cuboid;
        const lit = p.proposalId === highlighted;
        return (
          <group key={p.proposalId} position={[center[0], center[1], center[2]]} quaternion={[rotation[0], rotation[1], rotation[2], rotation[3]]}>
            <lineSegments geometry={unitEdges} material={lit ? materials.solid : materials.line(p.score)} scale={[size[0], size[1], size[2]]} raycast={() => undefined} />
            <mesh geometry={unitBox} material={materials.fill} scale={[size[0], size[1], size[2]]} raycast={() => undefined} />
            {(i < MAX_TAGS || lit) && (
              <Html position={[0, 0, size[2] / 2]} center zIndexRange={[1, 0]} style={{ pointerEvents: 'none' }}>
                <span className={`proposal-tag${lit ? ' highlighted' : ''}`} data-testid="proposal-tag">
                  {nameOf(p.classId)} {p.score === null ? '' : p.score.toFixed(2)}
                </span>
              </Html>
            )}
          </group>
        );
      })}
    </group>
  );
}
