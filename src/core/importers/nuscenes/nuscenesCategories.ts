/** nuScenes categories (and Lyft's plain names) with an exact class in the default ontology. */
const EXACT: Readonly<Record<string, string>> = {
  'vehicle.car': 'car',
  'vehicle.truck': 'truck',
  'vehicle.motorcycle': 'motorcycle',
  'movable_object.trafficcone': 'traffic_cone',
  'movable_object.barrier': 'barrier',
  car: 'car',
  truck: 'truck',
  bus: 'bus',
  pedestrian: 'pedestrian',
  motorcycle: 'motorcycle',
};

/** Categories folded into a broader class: the import report counts them; sourceClass keeps the name. */
const BROADER: readonly [RegExp, string][] = [
  [/^vehicle\.(trailer|construction)$/, 'truck'],
  [/^vehicle\.bus(\.|$)/, 'bus'],
  [/^human\.pedestrian(\.|$)/, 'pedestrian'],
  [/^vehicle\.bicycle$/, 'cyclist'],
  [/^bicycle$/, 'cyclist'],
];

/** Cairn's class for a nuScenes (or Lyft) category name; `exact` is false where a distinction is lost. */
export function nuScenesClass(category: string): { classId: string; exact: boolean } {
  const exact = EXACT[category];
  if (exact) return { classId: exact, exact: true };
  for (const [pattern, classId] of BROADER) if (pattern.test(category)) return { classId, exact: false };
  return { classId: 'other', exact: false };
}
