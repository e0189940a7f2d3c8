import type { InstanceSummary } from '../../core/segmentation/instances';
import { instanceColour } from '../../core/segmentation/instances';
import { semanticName, type SegmentClass } from '../../core/segmentation/segmentClasses';
import { formatCount } from '../ui/format';

/** The frame's instances with their class and points; a click on one makes strokes write it. */
export function InstanceRows({ instances, classes, current, onPick }: { instances: readonly InstanceSummary[]; classes: readonly SegmentClass[]; current: number; onPick: (instance: number) => void }) {
  if (instances.length === 0) return null;
  return (
    <table className="segment-counts segment-instances" data-testid="segment-instances">
      <thead>
        <tr>
          <th>Instance</th>
          <th>Class</th>
          <th>Points</th>
        </tr>
      </thead>
      <tbody>
        {instances.map((i) => (
          <tr key={i.instance} data-testid={`segment-instance-${i.instance}`} className={i.instance === current ? 'active' : ''} title="Label with this instance" onClick={() => onPick(i.instance)}>
            <td>
              <span className="swatch" style={{ background: instanceColour(i.instance) }} />#{i.instance}
            </td>
            <td>{semanticName(classes, i.semantic)}</td>
            <td className="count" data-testid={`segment-instance-${i.instance}-points`}>
              {formatCount(i.points)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
