/**
 * A hand-written OpenLABEL 1.0 document with known contents, for tests: a car with a quaternion
 * cuboid per frame (0–3), a cyclist with Euler cuboids (0–2) and a 2D box, a parked car with one
 * static cuboid in the scene frame, a lane without a cuboid, an action, and relations with and
 * without intervals, to non-objects, and with two objects. Vendor fields (x_*) are sprinkled in
 * because real exports carry them. A fresh copy each call, so a test may break it.
 */
export function openLabelExample(): Record<string, unknown> {
  const carVal = (x: number) => [x, 0, 0.8, 0, 0, Math.SQRT1_2, Math.SQRT1_2, 4.5, 1.9, 1.6];
  const cyclistVal = (x: number) => [x, -3, 0.9, 0, 0, Math.PI / 2, 1.8, 0.6, 1.7];
  const car = (x: number) => ({ object_data: { cuboid: [{ name: 'shape', coordinate_system: 'velodyne', val: carVal(x), x_vendor: true }] } });
  const cyclist = (x: number) => ({
    object_data: {
      cuboid: [{ name: 'shape', coordinate_system: 'vehicle-iso8855', val: cyclistVal(x), attributes: { num: [{ name: 'score', val: 0.9 }] } }],
    },
  });
  return {
    x_exporter: { name: 'some tool' },
    openlabel: {
      metadata: { schema_version: '1.0.0', annotator: 'test', x_vendor: 1 },
      coordinate_systems: {
        odom: { type: 'scene_cs', parent: '', children: ['vehicle-iso8855'] },
        'vehicle-iso8855': { type: 'local_cs', parent: 'odom', children: ['velodyne'] },
        velodyne: { type: 'sensor_cs', parent: 'vehicle-iso8855', children: [] },
      },
      streams: { velodyne: { type: 'lidar' } },
      frame_intervals: [{ frame_start: 0, frame_end: 3 }],
      objects: {
        '0': { name: 'car-0', type: 'Car', frame_intervals: [{ frame_start: 0, frame_end: 3 }], x_vendor: 'a' },
        '1': { name: 'cyclist-1', type: '#Cyclist', frame_intervals: [{ frame_start: 0, frame_end: 2 }] },
        '2': {
          name: 'parked-2',
          type: 'Car',
          coordinate_system: 'odom',
          object_data: { cuboid: [{ name: 'shape', val: [120, 40, 1, 0, 0, Math.PI, 4, 1.8, 1.5] }], text: [{ name: 'state', val: 'parked' }] },
        },
        '3': { name: 'lane-3', type: 'Lane', object_data: { poly3d: [{ name: 'centre', val: [0, 0, 0, 10, 0, 0], closed: false }] } },
      },
      actions: { '0': { name: 'overtaking', type: 'Overtake' } },
      relations: {
        '0': { name: 'r0', type: 'follows', rdf_subjects: [{ uid: '1', type: 'object' }], rdf_objects: [{ uid: '0', type: 'object' }], frame_intervals: [{ frame_start: 0, frame_end: 2 }] },
        '1': { name: 'r1', type: 'isNear', rdf_subjects: [{ uid: '0', type: 'object' }], rdf_objects: [{ uid: '2', type: 'object' }] },
        '2': { name: 'r2', type: 'isLocatedIn', rdf_subjects: [{ uid: '0', type: 'object' }], rdf_objects: [{ uid: '3', type: 'object' }] },
        '3': { name: 'r3', type: 'performs', rdf_subjects: [{ uid: '1', type: 'object' }], rdf_objects: [{ uid: '0', type: 'action' }] },
        '4': { name: 'r4', type: 'overtakes', rdf_subjects: [{ uid: 1 }], rdf_objects: [{ uid: '0', type: 'object' }, { uid: '2', type: 'object' }], x_vendor: [] },
        '5': { name: 'r5', type: 'watches', rdf_subjects: [{ uid: '2', type: 'object' }], rdf_objects: [{ uid: '1', type: 'object' }] },
      },
      frames: {
        '0': { frame_properties: { timestamp: 0 }, objects: { '0': car(10), '1': cyclist(2) } },
        '1': {
          objects: {
            '0': car(11),
            '1': {
              object_data: {
                cuboid: cyclist(3).object_data.cuboid,
                bbox: [{ name: 'cam', val: [100, 100, 20, 40] }],
              },
            },
          },
          relations: { '4': {} },
        },
        '2': { objects: { '0': car(12), '1': cyclist(4) }, relations: { '4': {} } },
        '3': { objects: { '0': car(13) }, x_vendor: null },
      },
    },
  };
}
