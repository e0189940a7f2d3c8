import type { CuboidAnnotation } from '../annotations/cuboid/schema';
import type { Editor } from './editor';
import { boxesInFrame, recordOnFrame } from './tools/frameBoxes';

/**
 * Every cuboid the scene shows, frame by frame in timeline order: the stored keyframes and the
 * boxes tracks interpolate between them (each under its track's interpolated id, on its frame).
 * What an annotator sees on a frame is their label there, so agreement and export read this.
 */
export function* shownCuboids(editor: Editor): Generator<CuboidAnnotation> {
  for (const frameId of editor.frameOrder) {
    for (const box of boxesInFrame(editor, frameId)) {
      const record = recordOnFrame(editor, box.objectId, frameId);
      if (record) yield record;
    }
  }
}
