import type { CommandApp } from '../commands/commandApp';
import type { CommandRegistry } from '../commands/registry';
import type { SegmentMode } from '../../core/editor/tools/segmentTool';
import { segmentationOf } from './segmentation';

const EDIT = 'sceneView && canEdit && !textFocus';

/** The segmentation's commands: the Segment tool and each of its modes (so the palette and keys reach them). */
export function registerSegmentationCommands(r: CommandRegistry<CommandApp>): void {
  r.register({ id: 'tool.segment', category: 'Tool', title: 'Segment points', description: 'Label points of the frame with the chosen class (lasso, polygon, brush or region growing)', keys: ['S'], when: EDIT, run: (a) => a.view.setTool('segment') });
  const modes: readonly [SegmentMode, string][] = [['lasso', 'Lasso'], ['polygon', 'Polygon'], ['brush', 'Brush'], ['grow', 'Grow region']];
  for (const [mode, title] of modes) {
    r.register({
      id: `segment.${mode}`,
      category: 'Segment',
      title: `Segment: ${title}`,
      when: EDIT,
      run: (a) => {
        segmentationOf(a.workbench).set({ mode });
        a.view.setTool('segment');
      },
    });
  }
}
