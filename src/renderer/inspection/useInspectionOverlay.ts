import { useMemo } from 'react';
import type { Cuboid } from '../../core/geometry/cuboid';
import { OUTCOME_COLOURS, OUTCOME_WIDTHS } from './inspectionColours';
import type { FrameOutcome } from './frameOutcome';
import { useInspection } from './inspectionStore';

export interface OverlayStroke {
  readonly cuboid: Cuboid;
  readonly colour: string;
  readonly width: number;
}

const SELECTED = '#ffffff';

/** The strokes a camera draws for one frame's outcome: matched ground truth first, so misses and predictions lie over it. */
export function outcomeStrokes(outcome: FrameOutcome, selectedId: string | null): OverlayStroke[] {
  const order = { matchedGt: 0, tp: 1, fn: 2, fp: 3 } as const;
  return [...outcome.boxes]
    .sort((a, b) => order[a.outcome] - order[b.outcome])
    .map((b) => ({ cuboid: b.cuboid, colour: b.id === selectedId ? SELECTED : OUTCOME_COLOURS[b.outcome], width: OUTCOME_WIDTHS[b.outcome] }));
}

/** What a camera panel strokes over its boxes for the frame shown: the inspection outcome, or nothing when none is shown. */
export function useInspectionOverlay(frameId: string | undefined, selectedId: string | null): readonly OverlayStroke[] {
  const show = useInspection((s) => s.show);
  const outcome = useInspection((s) => s.outcome);
  return useMemo(() => (show && outcome && outcome.frameId === frameId ? outcomeStrokes(outcome.result, selectedId) : []), [show, outcome, frameId, selectedId]);
}
