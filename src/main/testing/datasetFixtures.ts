/**
 * Small synthetic datasets with known answers, written to a folder, for importer tests and
 * end-to-end tests: every cloud, image and label comes from one ray-cast scene, so points lie on
 * the labelled boxes and the images show them where the calibration projects them.
 */
export { writeKittiObjectFixture, type FixtureBox, type KittiObjectFixture, type KittiObjectSample } from './datasets/kittiObjectFixture';
export { writeKittiTrackingFixture, type KittiTrackingFixture, type KittiTrackingTrack } from './datasets/kittiTrackingFixture';
export { writeNuScenesFixture, type NuScenesFixture, type NuScenesFixtureBox, type NuScenesFixtureCamera } from './datasets/nuScenesFixture';
