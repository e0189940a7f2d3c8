/**
 * Each driving dataset's mean labelled size per class (length, width, height, metres), as an
 * annotator labelling that dataset would set the ontology's class sizes. Published statistics over
 * the whole training sets, not measured on the few frames the bench scores: mmdetection3d's anchor
 * sizes, which are those means (configs/_base_/models/hv_second_secfpn_kitti.py for KITTI,
 * hv_pointpillars_fpn_nus.py and centerpoint's nuScenes configs for nuScenes). nuScenes gives the
 * barrier as 0.49 long and 2.49 wide, across its run; here the long side comes first, as the fit
 * lays out either side as the length. Classes a dataset gives no mean for keep the ontology's.
 */
export const DATASET_CLASS_SIZES: Readonly<Record<'kitti' | 'nuscenes', Readonly<Record<string, readonly [number, number, number]>>>> = {
  kitti: {
    car: [3.9, 1.6, 1.56],
    pedestrian: [0.8, 0.6, 1.73],
    cyclist: [1.76, 0.6, 1.73],
  },
  nuscenes: {
    car: [4.61, 1.95, 1.72],
    truck: [6.74, 2.46, 2.73],
    bus: [11.19, 2.94, 3.47],
    cyclist: [1.68, 0.6, 1.27],
    motorcycle: [2.1, 0.76, 1.44],
    pedestrian: [0.73, 0.66, 1.76],
    traffic_cone: [0.4, 0.4, 1.06],
    barrier: [2.49, 0.49, 0.98],
  },
};
