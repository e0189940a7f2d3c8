import { boxOnFrame, interpolatedBoxId } from '../../core/editor/tools/frameBoxes';
import { togglePlay } from '../state/playback';
import type { CommandApp } from './commandApp';
import { jumpToKeyframe } from './followTrack';
import { goToFrame, lastFrame } from './goToFrame';
import type { CommandRegistry } from './registry';
import { propagateSelected, registerTrackEditCommands, selectedRecordId } from './trackCommands';
import { registerInspectionCommands } from '../inspection/inspectionCommands';
import { registerSegmentationCommands } from '../segmentation/segmentationCommands';
import { registerImage2dCommands } from '../camera2d/image2dCommands';

// When-clauses shared by many commands: keys typed into a field never reach a command.
const SCENE = 'sceneView && !textFocus';
const EDIT = 'sceneView && canEdit && !textFocus';
const FRAMES = 'sceneView && hasScene && !textFocus';

const deleteSelected = (app: CommandApp) => {
  const id = selectedRecordId(app);
  if (!id || !app.editor) return;
  const { trackId, frameId } = app.editor.get(id)!;
  app.editor.deleteObjects([id]);
  // A keyframe deleted between two others leaves the track's interpolated box there: select that.
  if (boxOnFrame(app.editor, interpolatedBoxId(trackId), frameId)) app.view.select(interpolatedBoxId(trackId));
};

/** The window's commands, one line each; the toolbar, palette, sheet and key handler all read them from the registry. */
export function registerDefaultCommands(r: CommandRegistry<CommandApp>): void {
  r.register({ id: 'tool.select', category: 'Tool', title: 'Select', description: 'Select and edit boxes', keys: ['V'], when: SCENE, run: (a) => a.view.setTool('select') });
  r.register({ id: 'tool.draw', category: 'Tool', title: 'Draw box', description: 'Drag a footprint on the ground; right-drag orbits', keys: ['B'], when: EDIT, run: (a) => a.view.setTool('draw') });
  r.register({ id: 'tool.fit', category: 'Tool', title: 'Fit to point', description: 'Click a point of an object to fit a box to it', keys: ['F'], when: EDIT, run: (a) => a.view.setTool('fit') });
  r.register({ id: 'tool.relate', category: 'Tool', title: 'Relate', description: 'Click the subject, then the object, then choose the relation', keys: ['L'], when: EDIT, run: (a) => a.view.setTool('relate') });
  r.register({ id: 'gizmo.translate', category: 'Gizmo', title: 'Move', description: 'The gizmo moves the selected box', keys: ['W'], when: EDIT, run: (a) => a.view.setGizmoMode('translate') });
  r.register({ id: 'gizmo.rotate', category: 'Gizmo', title: 'Yaw', description: 'The gizmo turns the selected box about its vertical axis', keys: ['E'], when: EDIT, run: (a) => a.view.setGizmoMode('rotate') });
  r.register({ id: 'gizmo.scale', category: 'Gizmo', title: 'Size', description: 'The gizmo resizes the selected box', keys: ['R'], when: EDIT, run: (a) => a.view.setGizmoMode('scale') });
  r.register({ id: 'camera.top', category: 'Camera', title: 'Top view', keys: ['T'], when: SCENE, run: (a) => a.view.requestCamera('top') });
  r.register({ id: 'camera.perspective', category: 'Camera', title: 'Perspective view', keys: ['P'], when: SCENE, run: (a) => a.view.requestCamera('perspective') });
  r.register({ id: 'edit.undo', category: 'Edit', title: 'Undo', keys: ['Mod+Z'], when: 'hasScene && canEdit && !textFocus', run: (a) => a.editor?.undo() });
  r.register({ id: 'edit.redo', category: 'Edit', title: 'Redo', keys: ['Mod+Shift+Z', 'Mod+Y'], when: 'hasScene && canEdit && !textFocus', run: (a) => a.editor?.redo() });
  r.register({ id: 'edit.delete', category: 'Edit', title: 'Delete selected box', keys: ['Delete', 'Backspace'], when: `${EDIT} && hasSelection`, run: deleteSelected });
  r.register({ id: 'selection.clear', category: 'Edit', title: 'Deselect', description: 'Clear the selection and go back to the Select tool', keys: ['Escape'], when: SCENE, run: (a) => a.view.deselect() });
  r.register({ id: 'timeline.prev', category: 'Timeline', title: 'Previous frame', keys: [',', 'Left'], when: FRAMES, run: (a) => goToFrame(a, a.view.frameIndex - 1) });
  r.register({ id: 'timeline.next', category: 'Timeline', title: 'Next frame', keys: ['.', 'Right'], when: FRAMES, run: (a) => goToFrame(a, a.view.frameIndex + 1) });
  r.register({ id: 'timeline.first', category: 'Timeline', title: 'First frame', keys: ['Home'], when: FRAMES, run: (a) => goToFrame(a, 0) });
  r.register({ id: 'timeline.last', category: 'Timeline', title: 'Last frame', keys: ['End'], when: FRAMES, run: (a) => goToFrame(a, lastFrame(a)) });
  r.register({ id: 'track.propagate', category: 'Track', title: 'Propagate to next frame', description: 'A keyframe of the selected box on the next frame: a copy, or the pace of its last two keyframes', keys: ['Mod+Right'], when: `${EDIT} && hasSelection`, run: propagateSelected });
  r.register({ id: 'track.prevKeyframe', category: 'Track', title: 'Previous keyframe', description: 'The selected track’s keyframe before this frame', keys: ['<'], when: `${FRAMES} && hasSelection`, run: (a) => jumpToKeyframe(a, -1) });
  r.register({ id: 'track.nextKeyframe', category: 'Track', title: 'Next keyframe', description: 'The selected track’s keyframe after this frame', keys: ['>'], when: `${FRAMES} && hasSelection`, run: (a) => jumpToKeyframe(a, 1) });
  registerTrackEditCommands(r, EDIT);
  registerInspectionCommands(r, FRAMES);
  registerSegmentationCommands(r);
  registerImage2dCommands(r);
  r.register({ id: 'timeline.play', category: 'Timeline', title: 'Play / pause', description: 'Play at the recorded rate', keys: ['Space'], when: FRAMES, run: (a) => togglePlay(a.workbench) });
  r.register({ id: 'view.groundTruth', category: 'View', title: 'Show or hide ground truth', when: SCENE, run: (a) => a.view.setShowGroundTruth(!a.view.showGroundTruth) });
  r.register({ id: 'file.open', category: 'File', title: 'Open point cloud or dataset…', keys: ['Mod+O'], when: 'canOpen', run: (a) => a.view.setOpenDialog(true) });
  r.register({ id: 'cloud.backToScene', category: 'View', title: 'Back to scene', when: 'cloudView && !textFocus', run: (a) => a.view.backToScene() });
  r.register({ id: 'cloud.edl', category: 'View', title: 'Toggle eye-dome lighting', when: 'cloudView && !textFocus', run: (a) => a.view.setEdl(!a.view.edl) });
  r.register({ id: 'layout.reset', category: 'View', title: 'Reset layout', description: 'Put every panel back where it starts', when: 'sceneView', run: (a) => a.view.resetLayout() });
  r.register({ id: 'palette.open', category: 'Help', title: 'Show all commands', keys: ['Mod+K'], run: (a) => a.showPalette() });
  r.register({ id: 'help.shortcuts', category: 'Help', title: 'Keyboard shortcuts', description: 'Every command and its keys; rebind them here', keys: ['?'], when: '!textFocus', run: (a) => a.showShortcutSheet() });
}
