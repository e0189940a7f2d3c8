import type { CuboidAnnotation } from '../annotations/cuboid/schema';
import type { AttributeValue } from '../annotations/recordFields';
import { parseOntology, type Ontology, type OntologyInput } from './schema';

/** A small ontology for tests: vehicles under a parent class, typed attributes of each kind. */
export function testOntology(over: Partial<OntologyInput> = {}): Ontology {
  return parseOntology({
    ontologyId: 'test.driving',
    version: 1,
    name: 'Test',
    classes: [
      {
        classId: 'vehicle',
        name: 'Vehicle',
        color: '#888888',
        defaultSize: [4, 2, 1.5],
        attributes: [{ key: 'parked', name: 'Parked', type: 'bool', scope: 'object', default: false }],
      },
      {
        classId: 'car',
        name: 'Car',
        color: '#f59e0b',
        parentId: 'vehicle',
        defaultSize: [4.5, 1.9, 1.6],
        attributes: [
          { key: 'occlusion', name: 'Occlusion', type: 'enum', options: ['none', 'partial', 'heavy'], required: true },
          { key: 'truncation', name: 'Truncation', type: 'number', min: 0, max: 1 },
          { key: 'note', name: 'Note', type: 'text', maxLength: 20, scope: 'object' },
        ],
      },
      { classId: 'truck', name: 'Truck', color: '#ef4444', parentId: 'vehicle', defaultSize: [8, 2.5, 3.2] },
      { classId: 'pedestrian', name: 'Pedestrian', color: '#22d3ee', defaultSize: [0.7, 0.7, 1.75] },
    ],
    relations: [{ predicate: 'follows', subjectClasses: ['vehicle'], objectClasses: ['vehicle'] }],
    ...over,
  });
}

let next = 0;

/** A cuboid record of `classId` made under `ontologyVersion`, with a fresh objectId (its own track unless given one). */
export function testRecord(
  classId: string,
  attributes: Record<string, AttributeValue> = {},
  over: Partial<CuboidAnnotation> = {},
): CuboidAnnotation {
  const objectId = `10000000-0000-4000-8000-${(++next).toString(16).padStart(12, '0')}`;
  return {
    kind: 'cuboid',
    objectId,
    trackId: objectId,
    sceneId: '20000000-0000-4000-8000-000000000000',
    frameId: '30000000-0000-4000-8000-000000000000',
    classId,
    ontologyVersion: 1,
    attributes,
    cuboid: { frame: 'lidar', center: [0, 0, 0], size: [4.5, 1.9, 1.6], rotation: [0, 0, 0, 1] },
    author: 'tester',
    createdAt: 1,
    updatedAt: 1,
    ...over,
  };
}
