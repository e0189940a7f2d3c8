import { describe, expect, it } from 'vitest';
import { cuboidBevIou } from '../../geometry/bevIou';
import { yawOf } from '../../geometry/quaternion';
import { makeScene } from '../../assist/syntheticScene';
import { testCuboid } from '../testEditor';
import { createToolHarness } from './testing/toolHarness';

const scene = makeScene({ stride: 4 });
const GROUND = scene.groundAt(0, 0);
const [carX, carY] = scene.car.center;

function onScene() {
  return createToolHarness({
    tool: 'fit',
    groundZ: GROUND,
    frame: { frameId: 'frame-0', sensorId: 'lidar', points: scene.points, stride: scene.stride },
  });
}

const cuboidOf = (r: unknown) => (r as { cuboid: Parameters<typeof cuboidBevIou>[0] }).cuboid;

describe('fit to point tool', () => {
  it('a click on a point of the car fits one box to it, selected, undoable', () => {
    const h = onScene();
    h.click({ x: carX, y: carY });
    const records = h.editor.all();
    expect(records).toHaveLength(1);
    expect(cuboidBevIou(cuboidOf(records[0]), scene.car)).toBeGreaterThan(0.7);
    expect(records[0].classId).toBe('car');
    expect(h.lastMessage).toMatch(/^Fitted a box to \d+ points\.$/);
    expect(h.selected).toBe(records[0].objectId);
    expect(h.tools.currentId).toBe('select');
    expect(h.operations).toHaveLength(1);
    h.editor.undo();
    expect(h.editor.all()).toHaveLength(0);
  });

  it('the same object clicked three times gives one box: the later clicks select it', () => {
    const h = onScene();
    h.click({ x: carX, y: carY });
    const first = h.editor.all()[0].objectId;
    for (const [dx, dy] of [[1.2, 0.3], [-1.5, -0.2]]) {
      h.selected = null;
      h.tools.setCurrent('fit');
      h.click({ x: carX + dx, y: carY + dy });
      expect(h.editor.all()).toHaveLength(1);
      expect(h.selected).toBe(first);
      expect(h.lastMessage).toMatch(/already has a box/);
    }
    expect(h.operations).toHaveLength(1);
  });

  it('a point outside a box that is too small still finds the object\'s box once fitted', () => {
    const h = onScene();
    const shrunk = { ...scene.car, size: [scene.car.size[0] - 1.6, scene.car.size[1] - 0.6, scene.car.size[2]] as const };
    const existing = h.editor.createCuboid({ frameId: 'frame-0', classId: 'car', cuboid: shrunk }).objectId;
    // Near the car's front, well outside the shrunk box: the fit of the car overlaps that box.
    const yaw = yawOf(scene.car.rotation);
    const along = scene.car.size[0] / 2 - 0.2;
    const at = { x: carX + Math.cos(yaw) * along, y: carY + Math.sin(yaw) * along };
    expect(h.eventAt(at).hit.objectId).toBeNull();
    h.click(at);
    expect(h.editor.all()).toHaveLength(1);
    expect(h.selected).toBe(existing);
    expect(h.lastMessage).toMatch(/already has a box/);
  });

  it('a click where the ray meets a box but no point selects that box', () => {
    const h = onScene();
    const id = h.editor.createCuboid({ frameId: 'frame-0', classId: 'car', cuboid: testCuboid(-20, -20) }).objectId;
    h.click({ x: -20, y: -20, hit: { point: null } });
    expect(h.selected).toBe(id);
    expect(h.editor.all()).toHaveLength(1);
  });

  it('every refusal is a message, never a silent no-op', () => {
    const h = onScene();
    h.click({ x: carX, y: carY, hit: { point: null } });
    expect(h.lastMessage).toMatch(/No LiDAR point under the cursor/);
    // A ground point far from anything.
    h.click({ x: -25, y: 25 });
    expect(h.lastMessage).toMatch(/on the ground or on nothing box-shaped/);
    h.activeClass = null;
    h.click({ x: carX, y: carY });
    expect(h.lastMessage).toMatch(/Choose a class/);
    h.frame = null;
    h.click({ x: carX, y: carY });
    expect(h.lastMessage).toMatch(/No scan/);
    expect(h.editor.all()).toHaveLength(0);
    expect(h.operations).toHaveLength(0);
    expect(h.tools.currentId).toBe('fit');
  });

  it('a drag is the view orbiting, and Escape mid-press fits nothing', () => {
    const h = onScene();
    h.drag({ x: carX, y: carY }, { x: carX + 2, y: carY });
    h.down({ x: carX, y: carY });
    h.escape();
    h.up({ x: carX, y: carY });
    expect(h.editor.all()).toHaveLength(0);
    expect(h.messages).toHaveLength(0);
  });
});
