import type { CuboidAnnotation } from '../annotations/cuboid/schema';
import type { Image2dAnnotation } from '../annotations/guards';
import type { RelationAnnotation } from '../annotations/relation/schema';
import type { KittiObjectCalib, RigidTransform } from '../camera';
import type { TrackSettings } from '../tracks/trackSettings';

/**
 * One frame of the scene the labels belong to. Formats number or name frames their own way
 * (OpenLABEL by integer, KITTI by file stem, nuScenes by sample token), so the scene's order and
 * ids travel with the records instead of being guessed from them.
 */
export interface LabelFrame {
  readonly frameId: string;
  /** Position in the scene's frame order, from 0. */
  readonly index: number;
  /** Seconds. */
  readonly timestamp?: number;
  /** The dataset's own name of the frame (a KITTI stem such as "000042"), where it has one. */
  readonly sourceId?: string;
  /**
   * worldFrom<frame> for the named frames the frame's cuboids are stated in (e.g. "velodyne" →
   * the LiDAR's pose in the world). nuScenes boxes are global, so its export needs these.
   */
  readonly worldFrom?: Readonly<Record<string, RigidTransform>>;
  /** The KITTI calibration that holds on this frame: KITTI labels live in the camera frame. */
  readonly kittiCalib?: KittiObjectCalib;
}

/** The ontology the records were labelled under, as far as the formats can name it. */
export interface LabelOntology {
  readonly ontologyId: string;
  readonly version: number;
  /** Where the ontology can be read (OpenLABEL links objects to it by this). */
  readonly uri?: string;
}

/** Who or what produced the labels, carried into a format's metadata where it has room. */
export interface LabelProvenance {
  readonly tool: string;
  readonly toolVersion?: string;
  /** The file or dataset the labels were read from. */
  readonly source?: string;
  /** ISO 8601. */
  readonly exportedAt?: string;
}

/**
 * Cairn's canonical labels of one scene, the one shape every converter reads and writes: the
 * annotation records (cuboids), the tracks' settings, the frames they sit on with the poses and
 * calibration that place them, the ontology and the provenance.
 */
export interface LabelSet {
  readonly sceneId: string;
  readonly sceneName?: string;
  readonly frames: readonly LabelFrame[];
  readonly records: readonly CuboidAnnotation[];
  /**
   * The 2D labels drawn in the scene's camera images (boxes and polygons). Only OpenLABEL holds
   * them; the other writers count them as lost in their manifest.
   */
  readonly labels2d?: readonly Image2dAnnotation[];
  /**
   * Scene-graph edges between the set's tracks, each over a range of frames. Only OpenLABEL holds
   * them; the other writers count them as lost in their manifest.
   */
  readonly relations?: readonly RelationAnnotation[];
  /** Per trackId, where a track has settings of its own (interpolation, ground-truth source). */
  readonly tracks?: Readonly<Record<string, TrackSettings>>;
  readonly ontology?: LabelOntology;
  readonly provenance?: LabelProvenance;
}

/** Records in scene order (frame index, then trackId, then objectId), the order every writer emits. */
export function recordsInOrder(set: LabelSet): CuboidAnnotation[] {
  const index = new Map(set.frames.map((f) => [f.frameId, f.index] as const));
  const at = (r: CuboidAnnotation) => index.get(r.frameId) ?? Number.MAX_SAFE_INTEGER;
  return [...set.records].sort((a, b) => at(a) - at(b) || cmp(a.trackId, b.trackId) || cmp(a.objectId, b.objectId));
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
