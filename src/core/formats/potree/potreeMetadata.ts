import { FormatError } from '../../io/byteSource';
import { parseJson } from '../../io/parseJson';

export interface PotreeSummary {
  readonly name: string;
  readonly points: number;
  /** The tight box of the points when the file gives one, else the octree's cube. */
  readonly bounds: { readonly min: readonly [number, number, number]; readonly max: readonly [number, number, number] };
  readonly projection: string;
  readonly spacing: number;
  /** The point attributes the octree stores, by their Potree names (`rgb`, `intensity`, …). */
  readonly attributes: readonly string[];
}

/** What a viewer needs to know of a Potree 2.0 `metadata.json` before streaming it. */
export function summarizePotreeMetadata(text: string, file: string): PotreeSummary {
  const parsed = parseJson(text);
  if (!parsed.ok) throw new FormatError(file, null, parsed.problem);
  const meta = parsed.value as Record<string, unknown>;
  if (!meta || typeof meta !== 'object') throw new FormatError(file, null, 'not a JSON object');
  if (typeof meta.version !== 'string' || !meta.version.startsWith('2.')) {
    throw new FormatError(file, null, `not a Potree 2 octree (version ${JSON.stringify(meta.version ?? null)})`);
  }
  const points = Number(meta.points);
  if (!Number.isSafeInteger(points) || points < 0) throw new FormatError(file, null, `"points" is not a count`);
  const box = (meta.tightBoundingBox ?? meta.boundingBox) as { min?: unknown; max?: unknown } | undefined;
  const min = vec3(file, box?.min, 'boundingBox.min');
  const max = vec3(file, box?.max, 'boundingBox.max');
  return {
    name: typeof meta.name === 'string' ? meta.name : '',
    points,
    bounds: { min, max },
    projection: typeof meta.projection === 'string' ? meta.projection : '',
    spacing: Number(meta.spacing) || 0,
    attributes: Array.isArray(meta.attributes)
      ? meta.attributes.flatMap((a: unknown) => (a && typeof a === 'object' && typeof (a as { name?: unknown }).name === 'string' ? [(a as { name: string }).name.slice(0, 64)] : [])).slice(0, 64)
      : [],
  };
}

function vec3(file: string, v: unknown, what: string): [number, number, number] {
  if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new FormatError(file, null, `${what} is not three finite numbers`);
  }
  return [v[0], v[1], v[2]];
}
