import { followCuboidEdits } from '../../core/annotations/box2d/project';
import type { Editor } from '../../core/editor/editor';
import { sceneCameraRigs } from '../../core/scene/cameraRigs';
import type { SceneManifest } from '../../core/scene/manifest';

/** Projected 2D boxes follow every local cuboid edit of this editor, in the edit's own undo step. */
export function followProjections(editor: Editor, manifest: SceneManifest): void {
  const rigs = sceneCameraRigs(manifest);
  editor.setDerivation((e, changes, at) => followCuboidEdits(e, changes, rigs, at));
}
