import { useThree } from '@react-three/fiber';
import { useEffect, useLayoutEffect, useMemo } from 'react';
import type { FrameBox } from '../../core/editor/tools/frameBoxes';
import { BoxBatch, type BoxBatchLook } from './boxBatch';

export interface BoxBatchViewProps {
  readonly boxes: readonly FrameBox[];
  readonly look: BoxBatchLook;
  readonly colorOf: (classId: string) => string;
  /** A box of `boxes` drawn elsewhere (the selected one): its slot is kept but draws nothing. */
  readonly hidden: FrameBox | null;
}

/** Boxes that are only looked at (not the selected one, which the gizmo holds), as one BoxBatch. */
export function BoxBatchView({ boxes, look, colorOf, hidden }: BoxBatchViewProps) {
  const invalidate = useThree((s) => s.invalidate);
  const batch = useMemo(() => new BoxBatch(look), [look]);
  useEffect(() => () => batch.dispose(), [batch]);
  useLayoutEffect(() => {
    // The view draws on demand: a batch written in place asks for a frame itself.
    const drawn = batch.size;
    if (batch.update(boxes, colorOf, hidden) > 0 || drawn !== boxes.length) invalidate();
  }, [batch, boxes, colorOf, hidden, invalidate]);
  return <primitive object={batch.object} />;
}
