import { describe, expect, it } from 'vitest';
import { createToolHarness } from './testing/toolHarness';

// Two LiDAR points (x, y, z, intensity): one on a pole top, one on the road.
const points = new Float32Array([12, 3, 1.5, 0.4, 20, -4, -1.7, 0.1]);

function armed() {
  return createToolHarness({ tool: 'pin', frame: { frameId: 'frame-7', sensorId: 'lidar', points, stride: 4 } });
}

describe('comment at a point tool', () => {
  it('a click on a LiDAR point places a pin there, in the frame and sensor frame on screen, and writes nothing', () => {
    const h = armed();
    h.click({ x: 12, y: 3 });
    expect(h.tools.path).toBe('pin.placed');
    expect(h.tools.snapshot().overlay).toEqual({ kind: 'pin', frameId: 'frame-7', point: [12, 3, 1.5], space: 'lidar' });
    expect(h.editor.all()).toHaveLength(0);
    expect(h.operations).toHaveLength(0);
  });

  it('another click moves the pin; a drag (an orbit) keeps it where it was', () => {
    const h = armed();
    h.click({ x: 12, y: 3 });
    const first = h.tools.snapshot().overlay;
    h.drag({ x: 20, y: -4 }, { x: 25, y: 4 });
    expect(h.tools.snapshot().overlay).toBe(first);
    h.click({ x: 20, y: -4 });
    expect(h.tools.snapshot().overlay).toMatchObject({ point: [20, -4, expect.closeTo(-1.7, 5)] });
  });

  it('a click off the scan pins nothing and says why; a pin placed before stays', () => {
    const h = armed();
    h.click({ x: 0, y: 0 });
    expect(h.tools.path).toBe('pin.idle');
    expect(h.tools.snapshot().overlay).toBeNull();
    expect(h.lastMessage).toMatch(/No LiDAR point under the cursor/);
    h.click({ x: 12, y: 3 });
    h.click({ x: 5, y: 5 });
    expect(h.tools.snapshot().overlay).toMatchObject({ point: [12, 3, 1.5] });
  });

  it('with no scan on screen it says so', () => {
    const h = armed();
    h.frame = null;
    h.click({ x: 12, y: 3 });
    expect(h.tools.snapshot().overlay).toBeNull();
    expect(h.lastMessage).toMatch(/No scan on screen/);
  });

  it('Escape drops the pin, and so does putting the tool away', () => {
    const h = armed();
    h.click({ x: 12, y: 3 });
    h.escape();
    expect(h.tools.path).toBe('pin.idle');
    expect(h.tools.snapshot().overlay).toBeNull();
    h.click({ x: 12, y: 3 });
    h.tools.setCurrent('select');
    expect(h.tools.snapshot()).toMatchObject({ toolId: 'select', overlay: null });
    h.tools.setCurrent('pin');
    expect(h.tools.path).toBe('pin.idle');
  });

  it('a secondary click does nothing', () => {
    const h = armed();
    h.click({ x: 12, y: 3, button: 2 });
    expect(h.tools.path).toBe('pin.idle');
  });
});
