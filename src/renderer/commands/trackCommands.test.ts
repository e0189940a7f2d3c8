import { beforeEach, describe, expect, it } from 'vitest';
import { createTestEditor, testCuboid } from '../../core/editor/testEditor';
import { interpolatedBoxId } from '../../core/editor/tools/frameBoxes';
import { quatFromYaw } from '../../core/geometry/quaternion';
import { trackForms } from '../tracks/trackForms';
import { Workbench } from '../workbench/workbench';
import { commandApp, whenContext, type CommandApp } from './commandApp';
import { registerDefaultCommands } from './defaultCommands';
import { CommandRegistry } from './registry';

const noOverlays = { showPalette: () => {}, showShortcutSheet: () => {} };
const FRAMES = ['00000000-0000-4000-8000-00000000f000', '00000000-0000-4000-8000-00000000f001', '00000000-0000-4000-8000-00000000f002', '00000000-0000-4000-8000-00000000f003'];
const GT = '00000000-0000-4000-8000-0000000000a1';

let wb: Workbench;
const given = (patch: Record<string, unknown>) => wb.view.setState(patch);
beforeEach(() => {
  wb = new Workbench({} as CommandApp['client']);
  given({
    status: 'ready',
    info: { access: { canEdit: true, canOpen: true } } as never,
    ontology: { classes: [{ classId: 'car', name: 'Car' }] } as never,
    scene: {
      manifest: {
        sensors: [{ sensorId: 'velo', kind: 'lidar', egoFromSensor: { translation: [0, 0, 0], rotation: [0, 0, 0, 1] } }],
        frames: FRAMES.map((frameId, index) => ({ frameId, index, timestamp: index, worldFromEgo: { translation: [0, 0, 0], rotation: [0, 0, 0, 1] }, pointClouds: {}, images: {} })),
        groundTruth: FRAMES.slice(0, 3).map((frameId, i) => ({ objectId: GT, frameId, classId: 'car', trackId: 'kitti-0-7', cuboid: { frame: 'velo', center: [5 + i, 1, 0], size: [4, 2, 1.5], rotation: quatFromYaw(0.2) } })),
      },
    } as never,
    cloud: { frameId: FRAMES[0], sensorId: 'velo' } as never,
    frameIndex: 0,
  });
});

function setup() {
  const r = new CommandRegistry<CommandApp>();
  registerDefaultCommands(r);
  const { editor } = createTestEditor({ frameOrder: FRAMES });
  const run = (id: string) => r.run(id, { ...commandApp(wb, noOverlays), editor }, whenContext(wb.view.getState(), null));
  return { editor, run };
}

describe('track commands', () => {
  it('toggle a spline path and the size lock of the selected track, each one undo step', () => {
    const { editor, run } = setup();
    const a = editor.createCuboid({ frameId: FRAMES[0], classId: 'car', cuboid: testCuboid() });
    given({ selectedId: a.objectId });
    run('track.toggleSpline');
    run('track.toggleSizeLock');
    expect(editor.trackSettingsOf(a.trackId)).toEqual({ centre: 'catmull-rom', size: 'linear' });
    expect(editor.undoLabel).toBe('track: unlock size');
    run('track.toggleSpline');
    expect(editor.trackSettingsOf(a.trackId)).toEqual({ size: 'linear' });
  });

  it('open the strip’s form for a range or a merge, and split the track here, selecting its new half', () => {
    const { editor, run } = setup();
    const a = editor.createCuboid({ frameId: FRAMES[0], classId: 'car', cuboid: testCuboid() });
    editor.createCuboid({ frameId: FRAMES[3], classId: 'car', cuboid: testCuboid(3), trackId: a.trackId });
    given({ selectedId: a.objectId });
    run('track.propagateRange');
    expect(trackForms(wb).getState().form).toBe('propagate');
    run('track.merge');
    expect(trackForms(wb).getState().form).toBe('merge');
    given({ selectedId: interpolatedBoxId(a.trackId), frameIndex: 2 });
    run('track.split');
    const halves = editor.tracks().map((t) => t.keyframes.map((k) => k.frameIndex));
    expect(halves.sort()).toEqual([[0, 1], [2, 3]]);
    const selected = editor.get(wb.view.getState().selectedId!)!;
    expect(selected.trackId).not.toBe(a.trackId);
    expect(selected.frameId).toBe(FRAMES[2]);
  });

  it('Ctrl+→ on an interpolated box makes it a keyframe and the next frame’s, in one step', async () => {
    const { editor, run } = setup();
    const a = editor.createCuboid({ frameId: FRAMES[0], classId: 'car', cuboid: testCuboid() });
    editor.createCuboid({ frameId: FRAMES[3], classId: 'car', cuboid: testCuboid(3), trackId: a.trackId });
    given({ selectedId: interpolatedBoxId(a.trackId), frameIndex: 1, cloud: { frameId: FRAMES[1], sensorId: 'velo' } });
    run('track.propagate');
    await Promise.resolve();
    await Promise.resolve();
    expect(editor.trackOf(a.trackId)!.keyframes.map((k) => k.frameIndex)).toEqual([0, 1, 2, 3]);
    expect(editor.get(wb.view.getState().selectedId!)!.frameId).toBe(FRAMES[2]);
    editor.undo();
    expect(editor.trackOf(a.trackId)!.keyframes.map((k) => k.frameIndex)).toEqual([0, 3]);
  });

  it('copy the selected ground-truth track as a new, linked track, its box here selected', () => {
    const { editor, run } = setup();
    given({ selectedId: GT });
    run('groundTruth.copyTrack');
    const [track] = editor.tracks();
    expect(track.keyframes.map((k) => k.frameIndex)).toEqual([0, 1, 2]);
    expect(editor.trackSettingsOf(track.trackId).source).toEqual({ groundTruthObjectId: GT, groundTruthTrackId: 'kitti-0-7', copied: 'track' });
    expect(wb.view.getState().selectedId).toBe(track.keyframes[0].record.objectId);
    given({ selectedId: GT });
    run('groundTruth.copyBox');
    expect(editor.tracks()).toHaveLength(2);
    given({ selectedId: null });
    run('groundTruth.copyBox');
    expect(editor.tracks()).toHaveLength(2);
  });
});
