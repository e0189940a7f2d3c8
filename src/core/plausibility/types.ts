import type { RigsOf } from '../annotations/box2d/project';
import type { Box2dAnnotation } from '../annotations/box2d/schema';
import type { CuboidAnnotation } from '../annotations/cuboid/schema';
import type { RelationAnnotation } from '../annotations/relation/schema';
import type { PointArray } from '../assist/points';
import type { RigidTransform } from '../camera/rigidTransform';
import type { GroundSurface } from '../models/classical/groundSurface';
import type { Ontology } from '../ontology/schema';
import type { PlausibilityRule, PlausibilitySettings, Severity } from './settings';

/** One implausible label: what was measured against which limit, on which frame and object. */
export interface Finding {
  readonly rule: PlausibilityRule;
  readonly severity: Severity;
  readonly frameIndex: number;
  readonly frameId: string;
  readonly objectId: string;
  readonly trackId: string;
  readonly classId: string;
  /** The second object of an overlap; the 3D box (its keyframe) a 2D box was compared with. */
  readonly otherObjectId?: string;
  /** What was measured (metres, m/s, m/s², degrees, a ratio, a point count: see the message). */
  readonly value: number;
  readonly limit: number;
  readonly message: string;
}

/** A finding as a rule makes it; the run gives it the severity the settings assign the rule. */
export type RuleFinding = Omit<Finding, 'severity'>;

export interface CheckFrame {
  readonly frameId: string;
  readonly index: number;
  /** Seconds. */
  readonly timestamp: number;
}

/** A frame's LiDAR points, in the coordinate frame named by `frame`. */
export interface CheckCloud {
  readonly points: PointArray;
  readonly stride: number;
  readonly frame: string;
  /**
   * When each point was captured, seconds on the clock of the frames' timestamps (see
   * sweepTimesOnSceneClock); absent for a sweep without per-point time or one already
   * motion-compensated to a single instant.
   */
  readonly time?: Float64Array;
}

export interface CheckInput {
  readonly ontology: Ontology;
  readonly settings: PlausibilitySettings;
  readonly frames: readonly CheckFrame[];
  /** Stored boxes (keyframes): interpolated boxes follow from them and are not checked on their own. */
  readonly records: readonly CuboidAnnotation[];
  /** Annotated relations: each must have both its ends boxed on every frame of its range. */
  readonly relations?: readonly RelationAnnotation[];
  /** 2D boxes drawn in camera images: those linked to a cuboid track are compared with its projection. */
  readonly boxes2d?: readonly Box2dAnnotation[];
  /** The cameras of each frame, as projections need them; the projection rule needs them. */
  readonly rigs?: RigsOf;
  /**
   * world ← the named frame at time t. Absent when the scene has no ego poses: the motion rules
   * then report that they did not run rather than measuring motion in a moving sensor's frame.
   */
  readonly worldFrom?: (frame: string, t: number) => RigidTransform;
  /** The frame's LiDAR points, when they can be read: the point rules need them. */
  readonly cloud?: (frameId: string) => CheckCloud | null;
  /**
   * The frames whose boxes the point rules judge; every frame when absent. Boxes on other frames
   * are there as their tracks' neighbouring keyframes (what gives the point-time rule a speed): the
   * app checks the frame on screen only, and its neighbours' boxes are not "not checked" for that.
   */
  readonly pointFrames?: ReadonlySet<string>;
  /**
   * The ground under a cloud, when the caller keeps it (the app reruns the checks on every edit
   * and the cloud of the frame shown does not change): estimated from the cloud when absent.
   */
  readonly ground?: (cloud: CheckCloud) => GroundSurface | null;
}

/** A rule that could not run, or skipped some boxes, and why. */
export interface NotChecked {
  readonly rule: PlausibilityRule;
  readonly reason: string;
  readonly boxes: number;
}

export interface CheckReport {
  readonly findings: readonly Finding[];
  readonly notChecked: readonly NotChecked[];
  readonly boxes: number;
  readonly frames: number;
  readonly rules: readonly PlausibilityRule[];
}

/** A record with its place on the timeline. */
export interface PlacedBox {
  readonly record: CuboidAnnotation;
  readonly frame: CheckFrame;
}
