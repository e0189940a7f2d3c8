import { ancestorsOf, findClass, type Ontology } from '../ontology/schema';
import type { PlausibilitySettings } from './settings';

export interface ResolvedLimits {
  readonly maxSpeed: number;
  readonly maxAcceleration: number;
  readonly minPoints: number;
  readonly mayFloat: boolean;
  readonly pointTimeTolerance: number;
}

/**
 * Limits when the ontology names none for a class or its ancestors, chosen by words in the class's
 * id or name. Generous on purpose: a check that cries wolf is switched off. Speeds are what the
 * fastest of the kind reach on public roads; accelerations what their brakes and engines allow.
 */
const BUILT_IN: ReadonlyArray<{ readonly words: RegExp; readonly limits: Omit<ResolvedLimits, 'minPoints' | 'pointTimeTolerance'> }> = [
  { words: /pedestrian|person|child|adult|human|walker/i, limits: { maxSpeed: 12, maxAcceleration: 8, mayFloat: false } },
  { words: /cycl|bicycle|bike|scooter|moped/i, limits: { maxSpeed: 25, maxAcceleration: 8, mayFloat: false } },
  { words: /truck|bus|trailer|lorry|construction|tram/i, limits: { maxSpeed: 40, maxAcceleration: 6, mayFloat: false } },
  { words: /sign|traffic.?light|signal|bird|drone|animal/i, limits: { maxSpeed: 70, maxAcceleration: 15, mayFloat: true } },
];
const FALLBACK: Omit<ResolvedLimits, 'minPoints' | 'pointTimeTolerance'> = { maxSpeed: 70, maxAcceleration: 15, mayFloat: false };

/** The limits that apply to a class: its own entry, else its nearest ancestor's, field by field, else the built-in ones. */
export function limitsFor(ontology: Pick<Ontology, 'classes'>, settings: PlausibilitySettings, classId: string): ResolvedLimits {
  const chain = [classId, ...ancestorsOf(ontology.classes, classId).map((c) => c.classId)];
  const entries = chain.map((id) => settings.classes.find((l) => l.classId === id)).filter((l) => l !== undefined);
  const label = chain.map((id) => `${id} ${findClass(ontology, id)?.name ?? ''}`).join(' ');
  const builtIn = BUILT_IN.find((b) => b.words.test(label))?.limits ?? FALLBACK;
  const pick = <K extends 'maxSpeed' | 'maxAcceleration' | 'minPoints' | 'mayFloat' | 'pointTimeTolerance'>(key: K) => entries.find((e) => e[key] !== undefined)?.[key];
  return {
    maxSpeed: pick('maxSpeed') ?? builtIn.maxSpeed,
    maxAcceleration: pick('maxAcceleration') ?? builtIn.maxAcceleration,
    minPoints: pick('minPoints') ?? settings.minPoints,
    mayFloat: pick('mayFloat') ?? builtIn.mayFloat,
    pointTimeTolerance: pick('pointTimeTolerance') ?? settings.pointTimeTolerance,
  };
}
