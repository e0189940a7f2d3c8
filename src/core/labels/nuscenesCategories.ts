import { nuScenesClass } from '../importers/nuscenes/nuscenesCategories';

/** Cairn's classes as nuScenes categories; the reverse of this table reads them back exactly. */
export const NUSCENES_CATEGORY: Readonly<Record<string, string>> = {
  car: 'vehicle.car',
  truck: 'vehicle.truck',
  bus: 'vehicle.bus.rigid',
  motorcycle: 'vehicle.motorcycle',
  cyclist: 'vehicle.bicycle',
  pedestrian: 'human.pedestrian.adult',
  traffic_cone: 'movable_object.trafficcone',
  barrier: 'movable_object.barrier',
};

const CLASS_OF: ReadonlyMap<string, string> = new Map(Object.entries(NUSCENES_CATEGORY).map(([c, n]) => [n, c]));

/** The attribute that keeps a category the class folds (vehicle.bus.bendy → bus). */
export const SOURCE_CATEGORY = 'nuscenes_category';

/**
 * A category as a class: Cairn's own table first, then the importer's (exact, then broader);
 * a plain name (no dot: another tool's or Lyft's) is a class of that name; anything else is
 * `other`. `folded` is true where the category must be kept beside the class to come back.
 */
export function classOfCategory(category: string): { classId: string; folded: boolean } {
  const ours = CLASS_OF.get(category);
  if (ours) return { classId: ours, folded: false };
  const mapped = nuScenesClass(category);
  if (mapped.exact) return { classId: mapped.classId, folded: false };
  if (mapped.classId !== 'other') return { classId: mapped.classId, folded: true };
  if (!category.includes('.')) return { classId: category, folded: false };
  return { classId: 'other', folded: true };
}

/** The category to write for a record: its kept source category where that still reads as its class, else from the class. */
export function categoryOfClass(classId: string, kept: unknown): string {
  if (typeof kept === 'string' && classOfCategory(kept).classId === classId) return kept;
  return NUSCENES_CATEGORY[classId] ?? classId;
}
