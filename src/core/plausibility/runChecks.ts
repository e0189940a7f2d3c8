import { pointColumns, type PointColumns } from '../assist/countPoints';
import { estimateGroundSurface, type GroundSurface } from '../models/classical/groundSurface';
import { limitsFor, type ResolvedLimits } from './classLimits';
import { box2dProjectionFindings } from './rules/box2dProjection';
import { accelerationFindings, speedFindings } from './rules/motion';
import { overlapFindings } from './rules/overlap';
import { relationEndFindings } from './rules/relationEnds';
import { boxInCloudFrame, emptyBoxFinding, groundContactFinding } from './rules/pointRules';
import { MIN_TIMED_POINTS, pointTimeFinding, velocityAt } from './rules/pointTime';
import { requiredAttributeFindings } from './rules/requiredAttributes';
import { framesOf, tracksOf } from './rules/tracks';
import { trackSizeFindings } from './rules/trackSize';
import { yawFlipFindings } from './rules/yawFlip';
import { DEFAULT_SEVERITY, PLAUSIBILITY_RULES, type PlausibilityRule } from './settings';
import type { CheckInput, CheckReport, Finding, NotChecked, PlacedBox, RuleFinding } from './types';

/** From this many boxes on a frame, its points are put in columns once rather than all tested for each box. */
const COLUMNS_FROM_BOXES = 8;

/** Findings in timeline order, then by rule as listed, then by object. */
export function compareFindings(a: Finding, b: Finding): number {
  return a.frameIndex - b.frameIndex || PLAUSIBILITY_RULES.indexOf(a.rule) - PLAUSIBILITY_RULES.indexOf(b.rule) || (a.objectId < b.objectId ? -1 : a.objectId > b.objectId ? 1 : 0);
}

/**
 * Runs every enabled rule over a scene's stored boxes. Pure: the caller supplies the poses and
 * the clouds it can read; a rule that lacks what it needs says so in `notChecked` instead of
 * passing silently. Boxes on frames the scene does not list are counted there too.
 */
export function runChecks(input: CheckInput, onFrame?: (done: number, total: number) => void): CheckReport {
  const { settings, ontology } = input;
  const rules = PLAUSIBILITY_RULES.filter((r) => !settings.disabled.includes(r));
  const on = (r: PlausibilityRule) => rules.includes(r);
  const frameById = new Map(input.frames.map((f) => [f.frameId, f]));
  const placed: PlacedBox[] = [];
  let unplaced = 0;
  for (const record of input.records) {
    const frame = frameById.get(record.frameId);
    if (frame) placed.push({ record, frame });
    else unplaced++;
  }
  const limitCache = new Map<string, ResolvedLimits>();
  const limits = (classId: string) => {
    let l = limitCache.get(classId);
    if (!l) limitCache.set(classId, (l = limitsFor(ontology, settings, classId)));
    return l;
  };
  const findings: RuleFinding[] = [];
  const notChecked: NotChecked[] = [];
  const skip = (rule: PlausibilityRule, reason: string, boxes: number) => {
    if (boxes > 0) notChecked.push({ rule, reason, boxes });
  };
  if (unplaced > 0) for (const rule of rules) skip(rule, 'on a frame the scene does not list', unplaced);

  const tracks = tracksOf(placed);
  // point-time needs a box's velocity only where its frame's sweep carries capture times: worked
  // out for those boxes alone, from where each stands in its track (every track's velocities
  // were most of a check of 1,000 frames × 150 boxes with no sweeps at all).
  const placeInTrack = new Map<PlacedBox, { readonly track: readonly PlacedBox[]; readonly k: number }>();
  const velocityOf = (box: PlacedBox) => {
    if (placeInTrack.size === 0) for (const track of tracks) track.forEach((b, k) => placeInTrack.set(b, { track, k }));
    const place = placeInTrack.get(box);
    return place ? velocityAt(place.track, place.k, input.worldFrom) : null;
  };
  for (const track of tracks) {
    if (on('track-size')) findings.push(...trackSizeFindings(track, settings.sizeTolerance));
    if (on('yaw-flip')) findings.push(...yawFlipFindings(track, settings.yawFlipDegrees, input.worldFrom));
    if (input.worldFrom) {
      if (on('speed')) findings.push(...speedFindings(track, limits(track[0].record.classId), input.worldFrom));
      if (on('acceleration')) findings.push(...accelerationFindings(track, limits(track[0].record.classId), input.worldFrom));
    }
    if (on('required-attribute')) findings.push(...requiredAttributeFindings(track, ontology));
  }
  if (on('relation-ends') && input.relations) findings.push(...relationEndFindings(input.relations, tracks, input.frames));
  if (on('box2d-projection') && input.boxes2d) {
    const linked = input.boxes2d.filter((b) => b.linkedTrackId !== null && !b.ignore && !(b.derived && !b.derived.detached));
    if (!input.rigs) skip('box2d-projection', 'the scene’s cameras were not given', linked.length);
    else {
      const projection = box2dProjectionFindings(linked, tracks, input.frames, input.rigs, settings.projectionIou);
      findings.push(...projection.findings);
      for (const [reason, boxes] of projection.skipped) skip('box2d-projection', reason, boxes);
    }
  }
  if (!input.worldFrom) {
    skip('speed', 'the scene has no ego poses, so motion cannot be told from the sensor moving', on('speed') ? placed.length : 0);
    skip('acceleration', 'the scene has no ego poses, so motion cannot be told from the sensor moving', on('acceleration') ? placed.length : 0);
  }

  const pointRules = (['empty-box', 'below-ground', 'floating', 'point-time'] as const).filter(on);
  const frames = framesOf(placed).sort((a, b) => a[0].frame.index - b[0].frame.index);
  let noPoints = 0;
  let noCloud = 0;
  let otherFrame = 0;
  let noGround = 0;
  let untimed = 0;
  let still = 0;
  let fewTimed = 0;
  frames.forEach((frame, done) => {
    if (on('overlap')) findings.push(...overlapFindings(frame, settings.overlapIou));
    if (pointRules.length > 0 && (!input.pointFrames || input.pointFrames.has(frame[0].frame.frameId))) {
      const cloud = input.cloud ? input.cloud(frame[0].frame.frameId) : null;
      if (!input.cloud) noPoints += frame.length;
      else if (!cloud) noCloud += frame.length;
      else {
        let surface: GroundSurface | null | undefined;
        // Among many boxes, the sweep's points by column: each box then tests the points under it
        // instead of the whole sweep (1,000 boxes over a sweep were most of a live check's time).
        const columns: PointColumns | undefined = frame.length >= COLUMNS_FROM_BOXES ? pointColumns(cloud.points, cloud.stride) : undefined;
        for (const box of frame) {
          const cuboid = boxInCloudFrame(box, cloud, input.worldFrom);
          if (!cuboid) {
            otherFrame++;
            continue;
          }
          const l = limits(box.record.classId);
          if (on('empty-box')) {
            const f = emptyBoxFinding(box, cuboid, cloud, l, columns);
            if (f) findings.push(f);
          }
          if (on('below-ground') || on('floating')) {
            if (surface === undefined) surface = input.ground ? input.ground(cloud) : estimateGroundSurface(cloud.points, cloud.stride);
            if (!surface) noGround++;
            else {
              const f = groundContactFinding(box, cuboid, surface, l, {
                belowGround: settings.belowGround,
                aboveGround: settings.aboveGround,
                checkBelow: on('below-ground'),
                checkAbove: on('floating'),
              });
              if (f) findings.push(f);
            }
          }
          if (on('point-time')) {
            const v = cloud.time ? velocityOf(box) : null;
            if (!cloud.time) untimed++;
            else if (!v) still++;
            else {
              const f = pointTimeFinding(box, cuboid, { ...cloud, time: cloud.time }, v, l, columns);
              if (f === 'few-points') fewTimed++;
              else if (f) findings.push(f);
            }
          }
        }
      }
    }
    onFrame?.(done + 1, frames.length);
  });
  for (const rule of pointRules) {
    skip(rule, 'no LiDAR points were given', noPoints);
    skip(rule, 'the frame’s LiDAR points could not be read', noCloud);
    skip(rule, 'the box and the points are in frames with no known transform between them', otherFrame);
    if (rule === 'below-ground' || rule === 'floating') skip(rule, 'the scan has no finite point to find the ground in', noGround);
  }
  if (on('point-time')) {
    skip('point-time', 'the sweep carries no per-point capture time', untimed);
    skip('point-time', 'its track has no keyframe near enough to give its speed', still);
    skip('point-time', `fewer than ${MIN_TIMED_POINTS} timed points inside the box`, fewTimed);
  }
  const severe = findings.map((f) => ({ ...f, severity: settings.severity[f.rule] ?? DEFAULT_SEVERITY[f.rule] }));
  return { findings: severe.sort(compareFindings), notChecked, boxes: placed.length, frames: input.frames.length, rules };
}
