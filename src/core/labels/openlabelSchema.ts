/**
 * A JSON Schema (draft-07) of ASAM OpenLABEL 1.0.0, written by the Cairn team from the
 * standard's published structure (sections, element types and their required members, the uid
 * patterns, the cuboid's 9- or 10-number val, the transform forms). It is NOT the official
 * schema file: no npm package ships that, and it cannot be downloaded at run time, so tests
 * validate against this one and say so. It covers what Cairn writes and reads; sections Cairn
 * does not produce (actions, events, contexts, relations, resources, tags) are checked only for
 * their shape as uid-keyed objects.
 */
const UID = '^(-?[0-9]+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$';

const named = (val: object) => ({
  type: 'object',
  required: ['name', 'val'],
  properties: { name: { type: 'string' }, val, coordinate_system: { type: 'string' }, attributes: { $ref: '#/definitions/attributes' } },
  additionalProperties: true,
});
const numbers = (n?: number) => ({ type: 'array', items: { type: 'number' }, ...(n ? { minItems: n, maxItems: n } : {}) });
const uidMap = (ref: string) => ({ type: 'object', patternProperties: { [UID]: { $ref: ref } }, additionalProperties: false });
const anyElement = { type: 'object' };

export const OPENLABEL_1_0_DERIVED_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $comment: 'Derived by Cairn from the published structure of ASAM OpenLABEL 1.0.0; not the official schema file.',
  type: 'object',
  required: ['openlabel'],
  additionalProperties: false,
  properties: {
    openlabel: {
      type: 'object',
      required: ['metadata'],
      additionalProperties: false,
      properties: {
        metadata: {
          type: 'object',
          required: ['schema_version'],
          additionalProperties: true,
          properties: {
            schema_version: { type: 'string', enum: ['1.0.0'] },
            annotator: { type: 'string' },
            comment: { type: 'string' },
            file_version: { type: 'string' },
            name: { type: 'string' },
            tagged_file: { type: 'string' },
          },
        },
        ontologies: {
          type: 'object',
          patternProperties: { [UID]: { oneOf: [{ type: 'string' }, { type: 'object', required: ['uri'], properties: { uri: { type: 'string' } } }] } },
          additionalProperties: false,
        },
        coordinate_systems: { type: 'object', additionalProperties: { $ref: '#/definitions/coordinate_system' } },
        streams: { type: 'object', additionalProperties: { $ref: '#/definitions/stream' } },
        objects: uidMap('#/definitions/object'),
        frames: { type: 'object', patternProperties: { '^(-?[0-9]+)$': { $ref: '#/definitions/frame' } }, additionalProperties: false },
        frame_intervals: { type: 'array', items: { $ref: '#/definitions/frame_interval' } },
        actions: uidMap('#/definitions/element'),
        events: uidMap('#/definitions/element'),
        contexts: uidMap('#/definitions/element'),
        relations: uidMap('#/definitions/relation'),
        resources: { type: 'object' },
        tags: uidMap('#/definitions/element'),
      },
    },
  },
  definitions: {
    element: anyElement,
    relation: {
      type: 'object',
      required: ['name', 'type', 'rdf_subjects', 'rdf_objects'],
      properties: {
        name: { type: 'string' },
        type: { type: 'string' },
        ontology_uid: { type: 'string' },
        resource_uid: { type: 'object' },
        frame_intervals: { type: 'array', items: { $ref: '#/definitions/frame_interval' } },
        rdf_subjects: { type: 'array', items: { $ref: '#/definitions/rdf_agent' } },
        rdf_objects: { type: 'array', items: { $ref: '#/definitions/rdf_agent' } },
      },
    },
    rdf_agent: {
      type: 'object',
      required: ['uid', 'type'],
      additionalProperties: false,
      properties: { uid: { type: 'string' }, type: { enum: ['object', 'action', 'event', 'context'] } },
    },
    frame_interval: {
      type: 'object',
      required: ['frame_start', 'frame_end'],
      additionalProperties: false,
      properties: { frame_start: { type: 'integer' }, frame_end: { type: 'integer' } },
    },
    transform_data: {
      oneOf: [
        { type: 'object', required: ['matrix4x4'], properties: { matrix4x4: numbers(16) } },
        { type: 'object', required: ['quaternion', 'translation'], properties: { quaternion: numbers(4), translation: numbers(3) } },
        { type: 'object', required: ['euler_angles', 'translation'], properties: { euler_angles: numbers(3), translation: numbers(3), sequence: { type: 'string' } } },
      ],
    },
    coordinate_system: {
      type: 'object',
      required: ['type', 'parent'],
      additionalProperties: true,
      properties: {
        type: { enum: ['sensor_cs', 'local_cs', 'scene_cs', 'geo_utm', 'geo_wgs84', 'custom'] },
        parent: { type: 'string' },
        children: { type: 'array', items: { type: 'string' } },
        pose_wrt_parent: { $ref: '#/definitions/transform_data' },
      },
    },
    stream: {
      type: 'object',
      additionalProperties: true,
      properties: {
        type: { enum: ['camera', 'lidar', 'radar', 'gps_imu', 'other'] },
        description: { type: 'string' },
        uri: { type: 'string' },
        stream_properties: { type: 'object' },
      },
    },
    attributes: {
      type: 'object',
      additionalProperties: false,
      properties: {
        boolean: { type: 'array', items: named({ type: 'boolean' }) },
        num: { type: 'array', items: named({ type: 'number' }) },
        text: { type: 'array', items: named({ type: 'string' }) },
        vec: { type: 'array', items: named({ type: 'array' }) },
      },
    },
    object_data: {
      type: 'object',
      additionalProperties: false,
      properties: {
        cuboid: { type: 'array', items: named({ oneOf: [numbers(9), numbers(10), { type: 'null' }] }) },
        bbox: { type: 'array', items: named(numbers(4)) },
        rbbox: { type: 'array', items: named(numbers(5)) },
        poly2d: { type: 'array', items: named({ type: 'array' }) },
        poly3d: { type: 'array', items: named({ type: 'array' }) },
        point2d: { type: 'array', items: named(numbers(2)) },
        point3d: { type: 'array', items: named(numbers(3)) },
        mat: { type: 'array', items: named({ type: 'array' }) },
        binary: { type: 'array', items: named({ type: 'string' }) },
        image: { type: 'array', items: named({ type: 'string' }) },
        area_reference: { type: 'array', items: named({}) },
        line_reference: { type: 'array', items: named({}) },
        mesh: { type: 'array', items: { type: 'object' } },
        boolean: { type: 'array', items: named({ type: 'boolean' }) },
        num: { type: 'array', items: named({ type: 'number' }) },
        text: { type: 'array', items: named({ type: 'string' }) },
        vec: { type: 'array', items: named({ type: 'array' }) },
      },
    },
    object: {
      type: 'object',
      required: ['name', 'type'],
      additionalProperties: true,
      properties: {
        name: { type: 'string' },
        type: { type: 'string' },
        ontology_uid: { type: 'string' },
        coordinate_system: { type: 'string' },
        frame_intervals: { type: 'array', items: { $ref: '#/definitions/frame_interval' } },
        object_data: { $ref: '#/definitions/object_data' },
        object_data_pointers: { type: 'object' },
      },
    },
    frame: {
      type: 'object',
      additionalProperties: false,
      properties: {
        objects: {
          type: 'object',
          patternProperties: { [UID]: { type: 'object', additionalProperties: false, properties: { object_data: { $ref: '#/definitions/object_data' } } } },
          additionalProperties: false,
        },
        actions: { type: 'object' },
        events: { type: 'object' },
        contexts: { type: 'object' },
        relations: { type: 'object' },
        frame_properties: {
          type: 'object',
          additionalProperties: true,
          properties: {
            timestamp: { type: ['string', 'number'] },
            streams: { type: 'object' },
            transforms: {
              type: 'object',
              additionalProperties: {
                type: 'object',
                required: ['src', 'dst', 'transform_src_to_dst'],
                properties: { src: { type: 'string' }, dst: { type: 'string' }, transform_src_to_dst: { $ref: '#/definitions/transform_data' } },
              },
            },
          },
        },
      },
    },
  },
} as const;
