import type { Editor } from '../../core/editor/editor';
import { boxesInFrame, type FrameBox } from '../../core/editor/tools/frameBoxes';

interface Held {
  frameId: string | null;
  boxes: readonly FrameBox[];
}

const held = new WeakMap<Editor, Held>();

/**
 * The frame's boxes (`boxesInFrame`), worked out once per frame and edit, and the same array until
 * either changes: the 3D view, each camera panel, the object list and picking all ask on every
 * render, and each ask walked every track of the scene (1,000 on a frame of 1,000 boxes).
 * Every change to the editor is announced to its subscribers, which is what drops the array.
 */
export function frameBoxes(editor: Editor, frameId: string): readonly FrameBox[] {
  const h = watchFrameBoxes(editor);
  if (h.frameId !== frameId) {
    h.boxes = boxesInFrame(editor, frameId);
    h.frameId = frameId;
  }
  return h.boxes;
}

/**
 * Starts following the editor's changes. The session calls it before it subscribes itself, so
 * the array is dropped before anything its own listener sets off can read it.
 */
export function watchFrameBoxes(editor: Editor): Held {
  let h = held.get(editor);
  if (!h) {
    const fresh: Held = { frameId: null, boxes: [] };
    editor.subscribe(() => {
      fresh.frameId = null;
    });
    held.set(editor, (h = fresh));
  }
  return h;
}
