import { projectedBoxChanges } from '../../core/annotations/box2d/project';
import type { CommandApp } from '../commands/commandApp';
import type { CommandRegistry } from '../commands/registry';
import { selectedRecordId } from '../commands/trackCommands';
import { boxOnFrame } from '../../core/editor/tools/frameBoxes';
import { setImage2dTool } from './image2dTool';
import { sceneCameraRigs } from '../../core/scene/cameraRigs';

const EDIT = 'sceneView && canEdit && !textFocus';

/** The track of the selected cuboid (a keyframe or an interpolated box), if a cuboid is selected. */
function selectedCuboidTrack(a: CommandApp): string | null {
  const { editor, view } = a;
  if (!editor || !view.selectedId) return null;
  const id = selectedRecordId(a);
  const record = id ? editor.get(id) : undefined;
  if (record) return record.kind === 'cuboid' ? record.trackId : null;
  return view.cloud ? (boxOnFrame(editor, view.selectedId, view.cloud.frameId)?.trackId ?? null) : null;
}

/** Projects the selected cuboid's whole track into every camera where it shows: derived boxes that follow it until detached. */
function projectToCameras(a: CommandApp): void {
  const trackId = selectedCuboidTrack(a);
  const manifest = a.view.scene?.manifest;
  if (!trackId || !a.editor || !manifest) return;
  const changes = projectedBoxChanges(a.editor, trackId, sceneCameraRigs(manifest), Date.now(), true);
  if (changes.length > 0) a.editor.commitChanges('project to cameras', changes);
}

/** Keeps the selected projected box as it is: it no longer follows its 3D source. */
function detachSelected(a: CommandApp): void {
  const id = selectedRecordId(a);
  const record = id && a.editor ? a.editor.get(id) : undefined;
  if (!record || record.kind !== 'box2d' || !record.derived || record.derived.detached) return;
  a.editor!.commitChanges('detach 2D box', [{ objectId: record.objectId, before: record, after: { ...record, derived: { ...record.derived, detached: true }, updatedAt: Date.now() } }]);
}

/** The camera panels' label tools and the projection of 3D boxes into them. */
export function registerImage2dCommands(r: CommandRegistry<CommandApp>): void {
  r.register({ id: 'camera2d.box', category: 'Tool', title: 'Draw 2D box', description: 'Drag a box in a camera image, linked to the selected 3D object (or 2D-only)', keys: ['Shift+B'], when: EDIT, run: () => setImage2dTool('box') });
  r.register({ id: 'camera2d.polygon', category: 'Tool', title: 'Draw 2D polygon', description: 'Click vertices in a camera image; double-click or Enter closes it', keys: ['Shift+O'], when: EDIT, run: () => setImage2dTool('polygon') });
  r.register({ id: 'camera2d.select', category: 'Tool', title: 'Edit 2D labels', description: 'Click a 2D label to select it; drag it, its corners or a polygon vertex (Alt-click an edge adds a vertex, Delete removes the one pressed); with a 3D box selected, drag its footprint along the ground or its knob to turn it', when: EDIT, run: () => setImage2dTool('select') });
  r.register({ id: 'camera2d.project', category: 'Edit', title: 'Project to cameras', description: "Create the selected 3D box's 2D box in every camera where it shows, for its whole track", keys: ['Shift+P'], when: `${EDIT} && hasSelection`, run: projectToCameras });
  r.register({ id: 'camera2d.detach', category: 'Edit', title: 'Detach projected 2D box', description: 'Keep the selected projected box as it is instead of following its 3D box', when: `${EDIT} && hasSelection`, run: detachSelected });
}
