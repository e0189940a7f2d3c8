/**
 * The two tables of a dataset's scenario index (docs/scenarios.md): one row per object per frame,
 * and one row per frame. Written as Parquet, queried with DuckDB; the writer creates its tables
 * from these lists and the docs name the same columns, so the three cannot drift apart.
 */

export type ColumnType = 'INTEGER' | 'DOUBLE' | 'VARCHAR' | 'VARCHAR[]';

export interface ColumnDef<Row> {
  readonly name: string & keyof Row;
  readonly type: ColumnType;
  readonly doc: string;
}

/** Where an object row comes from. */
export const OBJECT_SOURCES = ['label', 'prediction', 'ground_truth'] as const;
export type ObjectSource = (typeof OBJECT_SOURCES)[number];

/** An evaluation's verdict on an object: a matched prediction, an unmatched one, an unmatched ground-truth box. */
export const OUTCOMES = ['TP', 'FP', 'FN'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface FrameRow {
  readonly frame_key: number;
  readonly scene_id: string;
  readonly scene: string;
  readonly frame_id: string;
  readonly frame_index: number;
  readonly source_id: string | null;
  readonly timestamp: number;
  readonly ego_speed: number | null;
  readonly description: string | null;
  readonly location: string | null;
  readonly tags: readonly string[];
  readonly objects: number;
}

export interface ObjectRow {
  readonly frame_key: number;
  readonly scene_id: string;
  readonly frame_index: number;
  readonly object_id: string;
  readonly track_id: string | null;
  readonly class: string;
  readonly source: ObjectSource;
  readonly x: number | null;
  readonly y: number | null;
  readonly z: number | null;
  readonly length: number | null;
  readonly width: number | null;
  readonly height: number | null;
  readonly yaw: number | null;
  readonly distance: number | null;
  readonly points: number | null;
  readonly score: number | null;
  readonly outcome: Outcome | null;
  readonly iou: number | null;
  readonly centre_error: number | null;
  readonly yaw_error: number | null;
}

export const FRAME_COLUMNS: readonly ColumnDef<FrameRow>[] = [
  { name: 'frame_key', type: 'INTEGER', doc: 'the frame, unique in the dataset (0, 1, … over every scene in order): join objects on it' },
  { name: 'scene_id', type: 'VARCHAR', doc: "the scene's UUID" },
  { name: 'scene', type: 'VARCHAR', doc: "the scene's name" },
  { name: 'frame_id', type: 'VARCHAR', doc: "the frame's UUID" },
  { name: 'frame_index', type: 'INTEGER', doc: 'the frame in its scene, from 0 (the timeline position)' },
  { name: 'source_id', type: 'VARCHAR', doc: "the dataset's own name for the frame (a file stem, a sample token); null where it has none" },
  { name: 'timestamp', type: 'DOUBLE', doc: 'seconds' },
  { name: 'ego_speed', type: 'DOUBLE', doc: 'm/s, from the ego poses of the frames either side; null in a scene of one frame' },
  { name: 'description', type: 'VARCHAR', doc: "the scene's description (nuScenes: the scene text, then location, date and vehicle in brackets)" },
  { name: 'location', type: 'VARCHAR', doc: 'where the scene was recorded, where the dataset says (nuScenes: the log location)' },
  { name: 'tags', type: 'VARCHAR[]', doc: "lower-case words of the description and location: `list_contains(tags, 'night')`" },
  { name: 'objects', type: 'INTEGER', doc: 'rows of this frame in the objects table' },
];

export const OBJECT_COLUMNS: readonly ColumnDef<ObjectRow>[] = [
  { name: 'frame_key', type: 'INTEGER', doc: 'the frame (frames.frame_key)' },
  { name: 'scene_id', type: 'VARCHAR', doc: "the scene's UUID" },
  { name: 'frame_index', type: 'INTEGER', doc: 'the frame in its scene, from 0' },
  { name: 'object_id', type: 'VARCHAR', doc: 'this box in this frame' },
  { name: 'track_id', type: 'VARCHAR', doc: 'the object across frames; null where the source has no tracks' },
  { name: 'class', type: 'VARCHAR', doc: 'the ontology class' },
  { name: 'source', type: 'VARCHAR', doc: "'label' (the workspace's annotations), 'ground_truth' (the dataset's own) or 'prediction' (from an evaluation)" },
  { name: 'x', type: 'DOUBLE', doc: 'box centre in the ego frame at the frame time, metres (x forward); the geometry columns are null for a prediction known only from evaluation.json, which holds no boxes' },
  { name: 'y', type: 'DOUBLE', doc: 'metres (y left)' },
  { name: 'z', type: 'DOUBLE', doc: 'metres (z up)' },
  { name: 'length', type: 'DOUBLE', doc: 'metres, along the box x' },
  { name: 'width', type: 'DOUBLE', doc: 'metres' },
  { name: 'height', type: 'DOUBLE', doc: 'metres' },
  { name: 'yaw', type: 'DOUBLE', doc: 'heading in the ego frame, radians, (-π, π]' },
  { name: 'distance', type: 'DOUBLE', doc: 'distance of the centre from the ego origin in the ground plane, metres' },
  { name: 'points', type: 'INTEGER', doc: "LiDAR points inside, where the dataset counted them (nuScenes num_lidar_pts); null otherwise" },
  { name: 'score', type: 'DOUBLE', doc: 'a prediction\'s confidence; null for labels and ground truth' },
  { name: 'outcome', type: 'VARCHAR', doc: "'TP', 'FP' or 'FN' where an evaluation matched this object; null without one" },
  { name: 'iou', type: 'DOUBLE', doc: 'IoU with the matched box (TP only)' },
  { name: 'centre_error', type: 'DOUBLE', doc: 'centre distance to the matched box, metres (TP only)' },
  { name: 'yaw_error', type: 'DOUBLE', doc: 'heading difference to the matched box, radians (TP only)' },
];
