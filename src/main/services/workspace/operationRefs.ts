import type { Operation } from '../../../core/editor/changes';
import type { Ontology } from '../../../core/model/ontology';
import type { SceneManifest } from '../../../core/scene/manifest';
import { isSurfaceClass } from '../../../core/segmentation/segmentClasses';
import { invalidInput } from '../../../shared/contract';
import { checkRelationRefs, type TrackClassLookup } from './relationRefs';
import { checkImageLabelRefs } from './imageLabelRefs';

const frameIdsByManifest = new WeakMap<SceneManifest, ReadonlySet<string>>();
const classIdsByOntology = new WeakMap<Ontology, ReadonlySet<string>>();

function frameIdsOf(manifest: SceneManifest): ReadonlySet<string> {
  let ids = frameIdsByManifest.get(manifest);
  if (!ids) frameIdsByManifest.set(manifest, (ids = new Set(manifest.frames.map((f) => f.frameId))));
  return ids;
}

function classIdsOf(ontology: Ontology): ReadonlySet<string> {
  let ids = classIdsByOntology.get(ontology);
  if (!ids) classIdsByOntology.set(ontology, (ids = new Set(ontology.classes.map((c) => c.classId))));
  return ids;
}

/**
 * What the schema cannot know: every record an operation writes sits on a frame of its scene, has
 * a class of the ontology and is made under the ontology's current version. A value the change leaves as it was is not checked again, so an
 * object whose class has since left the ontology can still be moved or deleted. A label patch may
 * also sit on the label frame of a streamed octree opened in this session (`octreeFrames`).
 */
export function checkOperationRefs(op: Operation, manifest: SceneManifest, ontology: Ontology, storedClass: TrackClassLookup, octreeFrames?: ReadonlySet<string>): void {
  const frames = frameIdsOf(manifest);
  const classes = classIdsOf(ontology);
  op.changes.forEach((change, i) => {
    const { before, after } = change;
    if (!after) return;
    const at = `op.changes.${i}.after`;
    if (after.frameId !== before?.frameId && !frames.has(after.frameId) && !(after.kind === 'labelPatch' && octreeFrames?.has(after.frameId))) {
      throw invalidInput('annotations.apply', `${at}.frameId`, `no frame ${after.frameId} in scene ${manifest.sceneId}`);
    }
    // A relation's class is its predicate: checkRelationRefs holds it to the ontology's relations.
    if (after.kind !== 'relation' && after.classId !== before?.classId && !classes.has(after.classId) && !(after.kind === 'labelPatch' && isSurfaceClass(after.classId))) {
      throw invalidInput('annotations.apply', `${at}.classId`, `no class ${JSON.stringify(after.classId)} in ontology ${ontology.ontologyId}`);
    }
    // A record is made under the ontology the host serves; one made earlier keeps its version until migrated.
    if (after.ontologyVersion !== before?.ontologyVersion && after.ontologyVersion !== ontology.version) {
      throw invalidInput(
        'annotations.apply',
        `${at}.ontologyVersion`,
        `is ${after.ontologyVersion}, but records are made under version ${ontology.version} of ontology ${ontology.ontologyId}`,
      );
    }
    checkImageLabelRefs(after, before, at, manifest);
  });
  checkRelationRefs(op, manifest, ontology, storedClass);
}
