import { attributesOf, type Ontology } from '../../ontology/schema';
import type { RuleFinding, PlacedBox } from '../types';
import { where } from './tracks';

/**
 * Required attributes without a value. An object-scoped attribute holds one value for the whole
 * track, so a track missing it is reported once (on its first keyframe); a frame-scoped one on
 * every keyframe that lacks it.
 */
export function requiredAttributeFindings(track: readonly PlacedBox[], ontology: Pick<Ontology, 'classes'>): RuleFinding[] {
  const out: RuleFinding[] = [];
  track.forEach((box, k) => {
    for (const a of attributesOf(ontology, box.record.classId)) {
      if (!a.required || box.record.attributes[a.key] !== undefined) continue;
      if (a.scope === 'object' && k > 0) continue;
      out.push({
        rule: 'required-attribute',
        ...where(box),
        value: 0,
        limit: 1,
        message: `"${a.name}" is required and has no value${a.scope === 'object' ? ' on this track' : ''}`,
      });
    }
  });
  return out;
}
