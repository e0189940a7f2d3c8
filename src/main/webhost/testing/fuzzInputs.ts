/**
 * Seeded generators of hostile input for the web host's fuzz suite: the same seed gives the same
 * cases, so a failure names a seed and a case number that reproduce it.
 */
/** A generator of floats in [0, 1), as core's seededRandom makes. */
export type Rng = () => number;

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];
export const chance = (rng: Rng, p: number): boolean => rng() < p;

const PATH_PIECES = [
  '/',
  '/data/',
  '/data/sample/',
  'sample/',
  'lidar/',
  '0.bin',
  'scene.json',
  'escape/',
  'leak.txt',
  'secret.txt',
  '../',
  '..%2f',
  '%2e%2e/',
  '%2E%2E%2F',
  '%252e%252e%252f',
  '..\\',
  '%5c',
  '%00',
  '%',
  '%E0%A4%A',
  '%C0%AF',
  '//',
  './',
  '%3F',
  '?',
  '#',
  'assets/',
  'index.html',
  '/ws',
  '/data/nostore/',
  '\u00e9',
  '%F0%9F%98%80',
  ';',
  '*',
];

/** A request target: mostly paths built from pieces that have broken path handling somewhere. */
export function fuzzPath(rng: Rng, extra: readonly string[]): string {
  let p = chance(rng, 0.9) ? '/' : pick(rng, ['', '*', 'http://evil.example/', '//evil.example/']);
  const n = 1 + Math.floor(rng() * 7);
  for (let i = 0; i < n; i++) p += chance(rng, 0.15) ? pick(rng, extra) : pick(rng, PATH_PIECES);
  if (chance(rng, 0.02)) p += 'a'.repeat(Math.floor(rng() * 20_000));
  // Raw bytes a path may not hold travel percent-encoded, as a browser would send them.
  return p.replace(/[^\x21-\x7e]/g, (c) => encodeURIComponent(c));
}

const JUNK_STRINGS = [
  '',
  '\0',
  'a\0b',
  '\ud800',
  'x\udfff',
  '%',
  '../../etc/passwd',
  '/etc/passwd',
  'http://127.0.0.1:1/',
  'http://169.254.169.254/latest/meta-data/',
  's3://bucket/../x',
  'file:///etc/passwd',
  '00000000-0000-4000-8000-000000000000',
  'constructor',
  '__proto__',
  'ü'.repeat(300),
];

/** Any JSON value, with the shapes and extremes validators get wrong. */
export function fuzzValue(rng: Rng, depth = 0): unknown {
  const r = rng();
  if (depth > 3 || r < 0.25) return pick(rng, [0, -1, 1e308, -1e308, 1.5, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, -0]);
  if (r < 0.5) return chance(rng, 0.7) ? pick(rng, JUNK_STRINGS) : 'x'.repeat(Math.floor(rng() * 5000));
  if (r < 0.6) return pick(rng, [null, true, false]);
  if (r < 0.8) return Array.from({ length: Math.floor(rng() * 5) }, () => fuzzValue(rng, depth + 1));
  const o: Record<string, unknown> = {};
  const keys = ['id', 'sceneId', 'location', 'op', 'clientId', 'jobId', 'cursor', 'limit', 'changes', '__proto__', 'constructor', ''];
  for (let i = Math.floor(rng() * 4); i > 0; i--) o[pick(rng, keys)] = fuzzValue(rng, depth + 1);
  return o;
}

/** A valid input with one part replaced by junk: reaches deeper than pure junk does. */
export function mutate(rng: Rng, value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > 6) return chance(rng, 0.5) ? fuzzValue(rng) : value;
  if (Array.isArray(value)) {
    if (value.length === 0 || chance(rng, 0.1)) return [...value, fuzzValue(rng)];
    const i = Math.floor(rng() * value.length);
    return value.map((v, j) => (j === i ? mutate(rng, v, depth + 1) : v));
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0 || chance(rng, 0.1)) return { ...(value as object), [pick(rng, ['extra', '__proto__', 'constructor', ''])]: fuzzValue(rng) };
  if (chance(rng, 0.1)) return Object.fromEntries(entries.filter((_, j) => j !== Math.floor(rng() * entries.length)));
  const i = Math.floor(rng() * entries.length);
  return Object.fromEntries(entries.map(([k, v], j) => [k, j === i ? mutate(rng, v, depth + 1) : v]));
}
