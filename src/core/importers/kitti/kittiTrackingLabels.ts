import { kittiLabelFromFields, type KittiLabel } from './kittiLabels';

/** One line of a KITTI tracking `label_02/SSSS.txt`: frame and track id, then an object label. */
export interface KittiTrackingLabel extends KittiLabel {
  readonly frame: number;
  /** −1 for DontCare regions. */
  readonly trackId: number;
}

/** Parses one non-empty line; `where` starts error messages (e.g. "line 12"). */
export function parseKittiTrackingLine(line: string, where: string, lineNumber: number): KittiTrackingLabel {
  const f = line.trim().split(/\s+/);
  const frame = Number(f[0]);
  const trackId = Number(f[1]);
  if (!Number.isInteger(frame) || frame < 0) throw new Error(`${where}: field 1 (frame) is not a frame number`);
  if (!Number.isInteger(trackId) || trackId < -1) throw new Error(`${where}: field 2 (track id) is not a track id`);
  return { ...kittiLabelFromFields(f.slice(2), where, lineNumber, 2), frame, trackId };
}
