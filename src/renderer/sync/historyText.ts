import type { AnnotationRecord } from '../../core/model/annotation';
import type { CallOutput } from '../../shared/contract';

type Provenance = CallOutput<'sync.history'>['touches'][number]['provenance'];

export function describeProvenance(p: Provenance): string {
  if (p.kind === 'human') return `by hand (${p.tool})`;
  if (p.kind === 'interpolation') return 'interpolated';
  return `model ${p.name} ${p.version} (${p.sha256.slice(0, 8)})`;
}

export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return String(Number(v.toFixed(3)));
  if (Array.isArray(v)) return `[${v.map(describeValue).join(', ')}]`;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const BOOKKEEPING = new Set(['author', 'createdAt', 'updatedAt']);

/** The fields (one level into objects, as the merge splits them) where an earlier version differs from now. */
export function fieldDiffs(then: AnnotationRecord | null, now: AnnotationRecord | null): { field: string; then: unknown; now: unknown }[] {
  const a = (then ?? {}) as Record<string, unknown>;
  const b = (now ?? {}) as Record<string, unknown>;
  const out: { field: string; then: unknown; now: unknown }[] = [];
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (BOOKKEEPING.has(key)) continue;
    if (isObj(a[key]) || isObj(b[key])) {
      const x = (isObj(a[key]) ? a[key] : {}) as Record<string, unknown>;
      const y = (isObj(b[key]) ? b[key] : {}) as Record<string, unknown>;
      for (const sub of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()) {
        if (JSON.stringify(x[sub]) !== JSON.stringify(y[sub])) out.push({ field: `${key}.${sub}`, then: x[sub], now: y[sub] });
      }
    } else if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) out.push({ field: key, then: a[key], now: b[key] });
  }
  return out;
}
