/**
 * The parts of an ASAM OpenLABEL 1.0 document Cairn writes and reads. Keys follow the standard
 * (snake_case); Cairn's own facts that the standard has no field for are named "cairn:…" in the
 * places the standard leaves open (metadata, frame_properties, element attributes).
 */
export type OlNamed<V> = { readonly name: string; readonly val: V; readonly coordinate_system?: string; readonly attributes?: OlAttributes };

export interface OlAttributes {
  readonly text?: readonly OlNamed<string>[];
  readonly num?: readonly OlNamed<number>[];
  readonly boolean?: readonly OlNamed<boolean>[];
  readonly vec?: readonly OlNamed<readonly (number | string)[]>[];
}

export interface OlObjectData extends OlAttributes {
  readonly cuboid?: readonly OlNamed<readonly number[]>[];
  readonly [other: string]: unknown;
}

export interface OlFrameInterval {
  readonly frame_start: number;
  readonly frame_end: number;
}

export interface OlObject {
  readonly name: string;
  readonly type: string;
  readonly ontology_uid?: string;
  readonly frame_intervals?: readonly OlFrameInterval[];
  readonly object_data?: OlObjectData;
  readonly [other: string]: unknown;
}

/** One end of an OpenLABEL relation (an RDF subject or object). */
export interface OlRdfAgent {
  readonly uid: string;
  readonly type: 'object' | 'action' | 'event' | 'context';
}

/** `subjects type objects` over frame intervals; Cairn's record fields ride in "cairn:record". */
export interface OlRelation {
  readonly name: string;
  readonly type: string;
  readonly ontology_uid?: string;
  readonly frame_intervals?: readonly OlFrameInterval[];
  readonly rdf_subjects: readonly OlRdfAgent[];
  readonly rdf_objects: readonly OlRdfAgent[];
  readonly [other: string]: unknown;
}

/** A rigid transform as OpenLABEL writes one: quaternion (x, y, z, w) and translation, or a row-major 4×4 matrix. */
export type OlTransformData = { readonly quaternion: readonly number[]; readonly translation: readonly number[] } | { readonly matrix4x4: readonly number[] };

export interface OlTransform {
  readonly src: string;
  readonly dst: string;
  readonly transform_src_to_dst: OlTransformData;
}

export interface OlFrame {
  readonly objects?: Readonly<Record<string, { readonly object_data?: OlObjectData }>>;
  readonly frame_properties?: {
    readonly timestamp?: number | string;
    readonly transforms?: Readonly<Record<string, OlTransform>>;
    readonly [other: string]: unknown;
  };
  readonly [other: string]: unknown;
}

export interface OlCoordinateSystem {
  readonly type: 'sensor_cs' | 'local_cs' | 'scene_cs' | 'geo_utm' | 'geo_wgs84' | 'custom';
  readonly parent: string;
  readonly children: readonly string[];
  readonly pose_wrt_parent?: OlTransformData;
}

export interface OlStream {
  readonly type: 'camera' | 'lidar' | 'radar' | 'gps_imu' | 'other';
  readonly description?: string;
  readonly uri?: string;
  readonly stream_properties?: Readonly<Record<string, unknown>>;
}

export interface OpenLabelDocument {
  readonly openlabel: {
    readonly metadata: { readonly schema_version: string; readonly [other: string]: unknown };
    readonly ontologies?: Readonly<Record<string, string | { readonly uri: string; readonly [other: string]: unknown }>>;
    readonly coordinate_systems?: Readonly<Record<string, OlCoordinateSystem>>;
    readonly streams?: Readonly<Record<string, OlStream>>;
    readonly objects?: Readonly<Record<string, OlObject>>;
    readonly frames?: Readonly<Record<string, OlFrame>>;
    readonly frame_intervals?: readonly OlFrameInterval[];
    readonly relations?: Readonly<Record<string, OlRelation | Readonly<Record<string, unknown>>>>;
    readonly actions?: Readonly<Record<string, unknown>>;
    readonly events?: Readonly<Record<string, unknown>>;
    readonly contexts?: Readonly<Record<string, unknown>>;
    readonly tags?: Readonly<Record<string, unknown>>;
    readonly [other: string]: unknown;
  };
}

export const OPENLABEL_SCHEMA_VERSION = '1.0.0';

/** Cairn's names in the open slots of the standard. */
export const CAIRN = {
  objectId: 'cairn:objectId',
  classId: 'cairn:classId',
  author: 'cairn:author',
  createdAt: 'cairn:createdAt',
  updatedAt: 'cairn:updatedAt',
  ontologyVersion: 'cairn:ontologyVersion',
  trackSettings: 'cairn:trackSettings',
  frameId: 'cairn:frameId',
  sourceId: 'cairn:sourceId',
  kittiCalib: 'cairn:kittiCalib',
  scene: 'cairn:scene',
  ontology: 'cairn:ontology',
  /** A relation's record fields and attributes, as a cuboid's ride in its attributes. */
  record: 'cairn:record',
  world: 'world',
} as const;
