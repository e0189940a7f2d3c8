import type { Cuboid } from '../../geometry/cuboid';
import type { Editor } from '../editor';

/** An editable box of the frame, as picking and the tools see it. */
export interface FrameBox {
  readonly objectId: string;
  readonly cuboid: Cuboid;
}

/** The frame's records that are boxes (other kinds have no volume to pick or to hold a point). */
export function boxesInFrame(editor: Editor, frameId: string): FrameBox[] {
  return editor.inFrame(frameId).flatMap((r) => ('cuboid' in r ? [{ objectId: r.objectId, cuboid: r.cuboid }] : []));
}
