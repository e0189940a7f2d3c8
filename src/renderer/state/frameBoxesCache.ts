import type { Editor } from '../../core/editor/editor';
import { boxesInFrame, type FrameBox } from '../../core/editor/tools/frameBoxes';

interface Entry {
  frameId: string | null;
  boxes: readonly FrameBox[];
}

/** The frame last asked for and the one before it. */
interface Held {
  current: Entry;
  previous: Entry;
}

const held = new WeakMap<Editor, Held>();

/**
 * The frame's boxes (`boxesInFrame`), worked out once per frame and edit, and the same array until
 * the editor changes: the 3D view, each camera panel, the object list and picking all ask on every
 * render, and each ask walked every track of the scene (1,000 on a frame of 1,000 boxes).
 * The frame before is kept too, so stepping back onto it (or back and forth between two frames)
 * works out nothing and hands back the very boxes drawn there before.
 * Every change to the editor is announced to its subscribers, which is what drops both.
 */
export function frameBoxes(editor: Editor, frameId: string): readonly FrameBox[] {
  const h = watchFrameBoxes(editor);
  if (h.current.frameId === frameId) return h.current.boxes;
  const { previous } = h;
  h.previous = h.current;
  if (previous.frameId === frameId) h.current = previous;
  else {
    // The entry dropped is written again in place: a step allocates no entry.
    previous.boxes = boxesInFrame(editor, frameId);
    previous.frameId = frameId;
    h.current = previous;
  }
  return h.current.boxes;
}

/**
 * Starts following the editor's changes. The session calls it before it subscribes itself, so
 * the arrays are dropped before anything its own listener sets off can read them.
 */
export function watchFrameBoxes(editor: Editor): Held {
  let h = held.get(editor);
  if (!h) {
    const fresh: Held = { current: { frameId: null, boxes: [] }, previous: { frameId: null, boxes: [] } };
    editor.subscribe(() => {
      fresh.current.frameId = null;
      fresh.previous.frameId = null;
    });
    held.set(editor, (h = fresh));
  }
  return h;
}
