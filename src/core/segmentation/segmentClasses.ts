import { SEMANTIC_KITTI_LABELS } from './semanticKitti';

/** A class points can be labelled with: its id in records, its SemanticKITTI semantic id in label words, a colour. */
export interface SegmentClass {
  readonly classId: string;
  readonly name: string;
  readonly semantic: number;
  readonly color: string;
}

/** The ontology's object classes as SemanticKITTI names them, so exported `.label` files read as SemanticKITTI's. */
const SEMANTIC_OF_CLASS: Readonly<Record<string, number>> = {
  car: 10, bicycle: 11, bus: 13, motorcycle: 15, truck: 18, pedestrian: 30, person: 30, cyclist: 31, bicyclist: 31,
  motorcyclist: 32, barrier: 51, fence: 51, traffic_cone: 99, pole: 80, traffic_sign: 81, other: 99,
};

/** The ground and structure classes a street scan needs besides the ontology's objects (which label boxes, not surfaces). */
export const SURFACES: readonly SegmentClass[] = [
  { classId: 'road', name: 'Road', semantic: 40, color: '#ff00ff' },
  { classId: 'sidewalk', name: 'Sidewalk', semantic: 48, color: '#4b004b' },
  { classId: 'parking', name: 'Parking', semantic: 44, color: '#ff96ff' },
  { classId: 'other_ground', name: 'Other ground', semantic: 49, color: '#af004b' },
  { classId: 'building', name: 'Building', semantic: 50, color: '#ffc800' },
  { classId: 'vegetation', name: 'Vegetation', semantic: 70, color: '#00af00' },
  { classId: 'terrain', name: 'Terrain', semantic: 72, color: '#96f050' },
  { classId: 'pole', name: 'Pole', semantic: 80, color: '#fff096' },
];

/**
 * Whether a label patch may name `classId` besides the ontology's classes: the surfaces are
 * segmentation's own, fixed vocabulary (an ontology of objects has no road).
 */
export function isSurfaceClass(classId: string): boolean {
  return SURFACES.some((s) => s.classId === classId);
}

/**
 * The classes offered for segmentation: the ontology's classes (their colours; a SemanticKITTI id
 * by name where it has one, else one past SemanticKITTI's ids in ontology order), then the
 * surfaces the ontology lacks.
 */
export function segmentClasses(ontologyClasses: readonly { readonly classId: string; readonly name: string; readonly color: string }[]): SegmentClass[] {
  const out: SegmentClass[] = [];
  const used = new Set<number>();
  let spare = 300;
  for (const c of ontologyClasses) {
    let semantic = SEMANTIC_OF_CLASS[c.classId] ?? SURFACES.find((s) => s.classId === c.classId)?.semantic;
    if (semantic === undefined || used.has(semantic)) {
      while (used.has(spare) || SEMANTIC_KITTI_LABELS[spare] !== undefined) spare++;
      semantic = spare;
    }
    used.add(semantic);
    out.push({ classId: c.classId, name: c.name, semantic, color: c.color });
  }
  const ids = new Set(out.map((c) => c.classId));
  for (const s of SURFACES) if (!ids.has(s.classId) && !used.has(s.semantic)) out.push(s);
  return out;
}

/** A class's name for a semantic id met in labels (an imported file may hold ids no class offers). */
export function semanticName(classes: readonly SegmentClass[], semantic: number): string {
  if (semantic === 0) return 'Unlabelled';
  return classes.find((c) => c.semantic === semantic)?.name ?? SEMANTIC_KITTI_LABELS[semantic] ?? `class ${semantic}`;
}
