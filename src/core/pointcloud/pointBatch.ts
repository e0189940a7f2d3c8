/**
 * A run of points from any reader, columnar. Positions are float64 in world units (scale and
 * offset applied), so georeferenced coordinates keep their precision until the renderer rebases.
 */
export interface PointBatch {
  readonly count: number;
  /** x, y, z interleaved. */
  readonly positions: Float64Array;
  readonly intensity?: Uint16Array;
  /** r, g, b interleaved, 16-bit as in LAS (8-bit sources are scaled by 257). */
  readonly rgb?: Uint16Array;
  readonly classification?: Uint8Array;
  readonly returnNumber?: Uint8Array;
  readonly numberOfReturns?: Uint8Array;
  readonly gpsTime?: Float64Array;
  readonly pointSourceId?: Uint16Array;
  readonly ring?: Uint16Array;
  /** Any other per-point scalar (LAS extra bytes, PCD / PLY fields), by name. */
  readonly extra?: Readonly<Record<string, Float64Array>>;
}

export type StandardAttribute =
  | 'intensity'
  | 'rgb'
  | 'classification'
  | 'returnNumber'
  | 'numberOfReturns'
  | 'gpsTime'
  | 'pointSourceId'
  | 'ring';

export interface PointCloudHeader {
  /** e.g. 'las', 'laz', 'copc', 'pcd', 'ply', 'kitti-bin', 'potree2'. */
  readonly format: string;
  /** A format version string where the format has one ('1.4', '0.7'). */
  readonly version?: string;
  /** Exact for formats that state it; for others, what the file's size implies. */
  readonly pointCount: number;
  readonly bounds: { readonly min: readonly [number, number, number]; readonly max: readonly [number, number, number] } | null;
  readonly attributes: readonly StandardAttribute[];
  readonly extraAttributes: readonly string[];
  /** Quantisation when the format has one (LAS); builders reuse it to stay lossless. */
  readonly scale?: readonly [number, number, number];
  readonly offset?: readonly [number, number, number];
  readonly crs?: { readonly wkt?: string; readonly epsg?: number; readonly geoKeys?: boolean };
}

export interface PointCloudReader {
  readonly header: PointCloudHeader;
  /** Points in order, `batchSize` at a time (the last batch may be smaller). */
  batches(batchSize?: number): AsyncIterable<PointBatch>;
}
