import { Timeline } from './Timeline';
import { TrackStrip } from './TrackStrip';

/** The timeline with the selected track's strip under it: one panel, since the strip's cells line up with the frames. */
export function TimelinePanel() {
  return (
    <div className="timeline-panel">
      <Timeline />
      <TrackStrip />
    </div>
  );
}
