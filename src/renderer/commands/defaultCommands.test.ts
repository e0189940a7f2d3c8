import { beforeEach, describe, expect, it } from 'vitest';
import { createTestEditor, testCuboid } from '../../core/editor/testEditor';
import { Workbench } from '../workbench/workbench';
import { chordOf } from './chords';
import { commandApp, whenContext } from './commandApp';
import { registerDefaultCommands } from './defaultCommands';
import { CommandRegistry } from './registry';
import type { CommandApp } from './commandApp';

const noOverlays = { showPalette: () => {}, showShortcutSheet: () => {} };

function defaults() {
  const r = new CommandRegistry<CommandApp>();
  registerDefaultCommands(r);
  return r;
}

/** The command a key press runs in the window as the view store has it now. */
function pressed(r: CommandRegistry<CommandApp>, key: string, mods: { ctrlKey?: boolean; shiftKey?: boolean } = {}) {
  const chord = chordOf({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });
  return chord ? r.resolve(chord, whenContext(wb.view.getState(), null))?.id : undefined;
}

let wb: Workbench;
/** Test setup writes the store directly: these are the states the host's answers would leave it in. */
const given = (patch: Record<string, unknown>) => wb.view.setState(patch);
beforeEach(() => {
  wb = new Workbench({} as CommandApp['client']);
  given({
    status: 'ready',
    scene: { manifest: { frames: [{}, {}, {}] } } as never,
    info: { access: { canEdit: true, canOpen: true } } as never,
  });
});

describe('the default commands', () => {
  it('bind no chord twice', () => {
    expect(defaults().conflicts()).toEqual([]);
  });

  it('keep every shortcut the window had', () => {
    const r = defaults();
    const expected: Array<[string, string, { ctrlKey?: boolean; shiftKey?: boolean }?]> = [
      ['v', 'tool.select'], ['b', 'tool.draw'], ['f', 'tool.fit'],
      ['w', 'gizmo.translate'], ['e', 'gizmo.rotate'], ['r', 'gizmo.scale'],
      ['t', 'camera.top'], ['p', 'camera.perspective'], ['Escape', 'selection.clear'],
      ['z', 'edit.undo', { ctrlKey: true }], ['Z', 'edit.redo', { ctrlKey: true, shiftKey: true }], ['y', 'edit.redo', { ctrlKey: true }],
      [',', 'timeline.prev'], ['ArrowLeft', 'timeline.prev'], ['.', 'timeline.next'], ['ArrowRight', 'timeline.next'],
      ['Home', 'timeline.first'], ['End', 'timeline.last'], [' ', 'timeline.play'],
      ['k', 'palette.open', { ctrlKey: true }], ['?', 'help.shortcuts', { shiftKey: true }],
    ];
    for (const [key, id, mods] of expected) expect(pressed(r, key, mods), key).toBe(id);
    given({ selectedId: 'box' });
    expect(pressed(r, 'Delete')).toBe('edit.delete');
    expect(pressed(r, 'Backspace')).toBe('edit.delete');
  });

  it('take no editing key on a read-only (reviewer) host, while the timeline and camera still move', () => {
    const r = defaults();
    given({ info: { access: { canEdit: false, canOpen: false } } as never, selectedId: 'box' });
    for (const key of ['b', 'f', 'w', 'e', 'r', 'Delete', 'Backspace']) expect(pressed(r, key), key).toBeUndefined();
    expect(pressed(r, 'z', { ctrlKey: true })).toBeUndefined();
    expect(pressed(r, 'v')).toBe('tool.select');
    expect(pressed(r, '.')).toBe('timeline.next');
    expect(pressed(r, 't')).toBe('camera.top');
  });

  it('run against the view store: tools, gizmo, camera, selection', () => {
    const r = defaults();
    const run = (id: string) => r.run(id, commandApp(wb, noOverlays), whenContext(wb.view.getState(), null));
    expect(run('tool.draw')).toBe(true);
    expect(wb.view.getState().tool).toBe('draw');
    run('gizmo.scale');
    expect(wb.view.getState().gizmoMode).toBe('scale');
    run('camera.top');
    expect(wb.view.getState().cameraRequest.preset).toBe('top');
    given({ selectedId: 'box' });
    run('selection.clear');
    expect(wb.view.getState()).toMatchObject({ selectedId: null, tool: 'select' });
    run('view.groundTruth');
    expect(wb.view.getState().showGroundTruth).toBe(false);
  });

  it('propagate (Ctrl+→, only with a selection) adds the next frame’s keyframe and selects it', () => {
    const r = defaults();
    expect(pressed(r, 'ArrowRight', { ctrlKey: true })).toBeUndefined();
    const { editor } = createTestEditor({ frameOrder: ['f0', 'f1', 'f2'] });
    const box = editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: testCuboid() });
    given({ selectedId: box.objectId });
    expect(pressed(r, 'ArrowRight', { ctrlKey: true })).toBe('track.propagate');
    const app = { ...commandApp(wb, noOverlays), editor };
    expect(r.run('track.propagate', app, whenContext(wb.view.getState(), null))).toBe(true);
    const next = editor.trackOf(box.trackId)!.keyframes[1].record;
    expect(next.frameId).toBe('f1');
    expect(wb.view.getState().selectedId).toBe(next.objectId);
    given({ selectedId: box.objectId });
    r.run('track.propagate', { ...commandApp(wb, noOverlays), editor }, whenContext(wb.view.getState(), null));
    expect(wb.view.getState().notice).toBe('The track already has a keyframe on the next frame');
  });

  it('jump to the selected track’s next (>) and previous (<) keyframe, selecting it there', () => {
    const r = defaults();
    expect(pressed(r, '>', { shiftKey: true })).toBeUndefined();
    const { editor } = createTestEditor({ frameOrder: ['f0', 'f1', 'f2'] });
    const a = editor.createCuboid({ frameId: 'f0', classId: 'car', cuboid: testCuboid() });
    const b = editor.createCuboid({ frameId: 'f2', classId: 'car', cuboid: testCuboid(4), trackId: a.trackId });
    given({ selectedId: a.objectId, frameIndex: 0 });
    expect(pressed(r, '>', { shiftKey: true })).toBe('track.nextKeyframe');
    expect(pressed(r, '<', { shiftKey: true })).toBe('track.prevKeyframe');
    r.run('track.nextKeyframe', { ...commandApp(wb, noOverlays), editor }, whenContext(wb.view.getState(), null));
    expect(wb.view.getState().selectedId).toBe(b.objectId);
    r.run('track.prevKeyframe', { ...commandApp(wb, noOverlays), editor }, whenContext(wb.view.getState(), null));
    expect(wb.view.getState().notice).toBe('No keyframe of this track before this frame');
  });

  it('in the cloud view, offer the cloud commands and none of the scene tools', () => {
    const r = defaults();
    given({ openCloud: { name: 'scan' } as never });
    expect(pressed(r, 'b')).toBeUndefined();
    expect(pressed(r, '.')).toBeUndefined();
    expect(r.run('cloud.backToScene', commandApp(wb, noOverlays), whenContext(wb.view.getState(), null))).toBe(true);
    expect(wb.view.getState().openCloud).toBeNull();
  });
});
