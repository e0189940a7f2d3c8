import { useMemo } from 'react';
import type { AttributeValue } from '../../core/annotations/recordFields';
import type { CuboidAnnotation } from '../../core/annotations/cuboid/schema';
import { editFrameBox } from '../../core/editor/tools/editFrameBox';
import { attributeProblems, staticAttributeConflicts } from '../../core/ontology/attributes';
import { attributesOf, type AttributeDefinition } from '../../core/ontology/schema';
import { useEditor, useView } from '../workbench/context';
import { AttributeFields } from './AttributeFields';

/**
 * The selected box's attributes in the inspector. A static attribute is written to every keyframe
 * of the track; a per-frame one on an interpolated box makes a keyframe there (one undo step).
 */
export function InspectorAttributes({ record, interpolated }: { record: CuboidAnnotation; interpolated: boolean }) {
  const ontology = useView((s) => s.ontology);
  const say = useView((s) => s.say);
  const editor = useEditor();
  // The editor keeps a track object until the track changes, so a step along it or a drag of one
  // box does not check every keyframe of the track against the others again.
  const track = editor?.trackOf(record.trackId);
  const keyframes = useMemo(() => track?.keyframes.map((k) => k.record) ?? [], [track]);
  const conflicts = useMemo(() => (ontology ? staticAttributeConflicts(keyframes, ontology) : null), [keyframes, ontology]);
  if (!ontology || !editor) return null;
  const definitions = attributesOf(ontology, record.classId);
  const problems = [...attributeProblems(record, ontology), ...(conflicts?.get(record.objectId) ?? [])];
  const set = (d: AttributeDefinition, value: AttributeValue | undefined) => {
    const label = `Set ${d.name}`;
    try {
      if (!interpolated) {
        editor.setAttribute(record.objectId, d.key, value, { scope: d.scope, label });
      } else if (d.scope === 'object' && keyframes.length > 0) {
        editor.setAttribute(keyframes[0].objectId, d.key, value, { scope: 'object', label });
      } else {
        const attributes = { ...record.attributes };
        if (value === undefined) delete attributes[d.key];
        else attributes[d.key] = value;
        editFrameBox(editor, record.objectId, record.frameId, { attributes }, label);
      }
      say(null);
    } catch (e) {
      say((e as Error).message);
    }
  };
  return <AttributeFields definitions={definitions} values={record.attributes} problems={problems} onSet={set} onInvalid={say} />;
}
