import type { CuboidAnnotation } from '../../core/annotations/cuboid/schema';
import type { RigidTransform } from '../../core/camera/rigidTransform';
import type { GroundSurface } from '../../core/models/classical/groundSurface';
import type { Ontology } from '../../core/ontology/schema';
import { compareFindings, runChecks } from '../../core/plausibility/runChecks';
import { PLAUSIBILITY_RULES, type PlausibilityRule, type PlausibilitySettings } from '../../core/plausibility/settings';
import type { CheckCloud, CheckFrame, CheckReport, Finding } from '../../core/plausibility/types';
import type { FrameCloud } from '../state/viewStore';
import { shownCheckCloud } from './shownCloud';

/** The rules that read a scan: they judge the frame on screen only (the only scan in memory). */
export const POINT_RULES: readonly PlausibilityRule[] = ['empty-box', 'below-ground', 'floating', 'point-time'];

/** The settings with only the rules `keep` says run. */
export function onlyRules(settings: PlausibilitySettings, keep: (rule: PlausibilityRule) => boolean): PlausibilitySettings {
  return { ...settings, disabled: PLAUSIBILITY_RULES.filter((r) => settings.disabled.includes(r) || !keep(r)) };
}

export interface PointCheckInput {
  readonly ontology: Ontology;
  readonly settings: PlausibilitySettings;
  readonly frames: readonly CheckFrame[];
  /** The boxes of the frame shown and their tracks' neighbouring keyframes (which give the point-time rule a speed). */
  readonly records: readonly CuboidAnnotation[];
  readonly cloud: FrameCloud;
  readonly worldFrom?: (frame: string, t: number) => RigidTransform;
  readonly ground?: (cloud: CheckCloud) => GroundSurface | null;
}

/**
 * The point rules over the frame on screen: its sweep as decoded (with its per-point time on the
 * scene's clock where it has one); the neighbouring keyframes' boxes are not judged, nor counted
 * as not checked, since their scans are not in memory.
 */
export function runPointChecks(input: PointCheckInput): CheckReport {
  const { cloud } = input;
  const shown = shownCheckCloud(cloud, input.frames.find((f) => f.frameId === cloud.frameId)?.timestamp);
  return runChecks({
    ontology: input.ontology,
    settings: onlyRules(input.settings, (r) => POINT_RULES.includes(r)),
    frames: input.frames,
    records: input.records,
    worldFrom: input.worldFrom,
    cloud: (frameId) => (frameId === cloud.frameId ? shown : null),
    pointFrames: new Set([cloud.frameId]),
    ground: input.ground,
  });
}

/** Two lists each in compareFindings order, as one. */
function mergeFindings(a: readonly Finding[], b: readonly Finding[]): Finding[] {
  const out: Finding[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(compareFindings(a[i], b[j]) <= 0 ? a[i++] : b[j++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

/** The scene rules' report over every keyframe and the point rules' over the frame shown (when a scan is), as the panel lists them. */
export function mergeLiveReports(scene: CheckReport, point: CheckReport | undefined, settings: PlausibilitySettings): CheckReport {
  return {
    ...scene,
    findings: point ? mergeFindings(scene.findings, point.findings) : scene.findings,
    notChecked: point ? [...scene.notChecked, ...point.notChecked] : scene.notChecked,
    rules: PLAUSIBILITY_RULES.filter((r) => !settings.disabled.includes(r)),
  };
}

/** One rule not checked for one reason, with the boxes it left out. */
export interface NotCheckedRow {
  readonly rule: PlausibilityRule;
  readonly reason: string;
  readonly boxes: number;
}

/** The report's rules not checked, one row per rule and reason (boxes summed), in the rules' order. */
export function notCheckedRows(report: CheckReport): NotCheckedRow[] {
  const rows = new Map<string, NotCheckedRow>();
  for (const n of report.notChecked) {
    const key = `${n.rule}\n${n.reason}`;
    const row = rows.get(key);
    rows.set(key, { rule: n.rule, reason: n.reason, boxes: (row?.boxes ?? 0) + n.boxes });
  }
  return [...rows.values()].sort((a, b) => PLAUSIBILITY_RULES.indexOf(a.rule) - PLAUSIBILITY_RULES.indexOf(b.rule));
}
