import type { Cuboid } from '../geometry/cuboid';
import { quatFromYaw } from '../geometry/quaternion';
import type { Operation } from './changes';
import { Editor, type EditorOptions } from './editor';

/**
 * A headless editor for unit tests: deterministic ids and clock, and a log of every operation
 * it would have sent to the host.
 */
export interface TestEditor {
  readonly editor: Editor;
  readonly operations: Operation[];
  /** Moves the fake clock forward. */
  tick(ms?: number): void;
}

export function createTestEditor(options: Partial<EditorOptions> = {}): TestEditor {
  let clock = 1_700_000_000_000;
  let counter = 0;
  const editor = new Editor({
    sceneId: options.sceneId ?? '00000000-0000-4000-8000-000000000000',
    author: options.author ?? 'test-annotator',
    ontologyVersion: options.ontologyVersion ?? 1,
    frameOrder: options.frameOrder,
    initial: options.initial,
    historyLimit: options.historyLimit,
    attributeDefaults: options.attributeDefaults,
    now: () => clock,
    newId: () => `00000000-0000-4000-8000-${(++counter).toString(16).padStart(12, '0')}`,
  });
  const operations: Operation[] = [];
  editor.onOperation((op) => operations.push(op));
  return {
    editor,
    operations,
    tick: (ms = 1) => {
      clock += ms;
    },
  };
}

export function testCuboid(x = 0, y = 0, yaw = 0): Cuboid {
  return { frame: 'lidar', center: [x, y, 0.8], size: [4.5, 1.9, 1.6], rotation: quatFromYaw(yaw) };
}
