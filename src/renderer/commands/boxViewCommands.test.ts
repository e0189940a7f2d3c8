import { beforeEach, describe, expect, it } from 'vitest';
import { createTestEditor, testCuboid } from '../../core/editor/testEditor';
import { yawOf } from '../../core/geometry/quaternion';
import { Workbench } from '../workbench/workbench';
import { registerBoxViewCommands } from './boxViewCommands';
import { chordOf } from './chords';
import { whenContext, type CommandApp } from './commandApp';
import { registerDefaultCommands } from './defaultCommands';
import { CommandRegistry } from './registry';

let wb: Workbench;
const given = (patch: Record<string, unknown>) => wb.view.setState(patch);

function setUp() {
  const r = new CommandRegistry<CommandApp>();
  registerDefaultCommands(r);
  registerBoxViewCommands(r);
  const { editor } = createTestEditor();
  const id = editor.createCuboid({ frameId: 'frame-0', classId: 'car', cuboid: testCuboid(10, 0, Math.PI / 2) }).objectId;
  given({ selectedId: id, cloud: { frameId: 'frame-0', sensorId: 'lidar', points: new Float32Array(0), count: 0, zRange: [0, 0], groundZ: 0 } });
  const app = (): CommandApp => ({ workbench: wb, client: wb.client, view: wb.view.getState(), editor, showPalette: () => {}, showShortcutSheet: () => {} });
  const box = () => {
    const rec = editor.get(id);
    if (rec?.kind !== 'cuboid') throw new Error('no box');
    return rec.cuboid;
  };
  return { r, app, box };
}

beforeEach(() => {
  wb = new Workbench({} as CommandApp['client']);
  given({ status: 'ready', scene: { manifest: { frames: [{}] } } as never, info: { access: { canEdit: true, canOpen: true } } as never });
});

describe('the box views’ commands', () => {
  it('bind no chord another command has, and Shift+S / Shift+G only with a box selected', () => {
    const { r } = setUp();
    expect(r.conflicts()).toEqual([]);
    const shrink = chordOf({ key: 'S', ctrlKey: false, metaKey: false, altKey: false, shiftKey: true })!;
    expect(r.resolve(shrink, whenContext(wb.view.getState(), null))?.id).toBe('box.shrinkToPoints');
    given({ selectedId: null });
    expect(r.resolve(shrink, whenContext(wb.view.getState(), null))).toBeUndefined();
  });

  it('nudge the selected box along its own axes and turn it, one undo step each', () => {
    const { r, app, box } = setUp();
    const ctx = () => whenContext(wb.view.getState(), null);
    // Heading +90°: forward is +y in the frame, the box's left is −x.
    expect(r.run('box.nudgeForward', app(), ctx())).toBe(true);
    expect(box().center[1]).toBeCloseTo(0.1, 12);
    r.run('box.nudgeLeft', app(), ctx());
    expect(box().center[0]).toBeCloseTo(9.9, 12);
    r.run('box.nudgeUp', app(), ctx());
    expect(box().center[2]).toBeCloseTo(0.9, 12);
    r.run('box.turnRight', app(), ctx());
    expect((yawOf(box().rotation) * 180) / Math.PI).toBeCloseTo(89, 9);
  });

  it('say why shrink finds nothing to shrink to', () => {
    const { r, app } = setUp();
    r.run('box.shrinkToPoints', app(), whenContext(wb.view.getState(), null));
    expect(wb.view.getState().notice).toMatch(/^Fewer than 3 points/);
  });
});
