import { OrbitControls } from '@react-three/drei';
import { Canvas, useFrame, useThree } from '@react-three/fiber';
import { useEffect, useRef } from 'react';
import * as THREE from 'three';
import { useView, useWorkbench } from '../workbench/context';
import { type PointCloudInfo } from '../state/viewStore';
import { EdlPass } from './EdlPass';
import { PotreeCloudLayer } from './PotreeCloudLayer';
import { OctreeSegmentationBinding, OctreeSegmentationOverlay } from '../segmentation/OctreeSegmentationOverlay';
import { octreeSegmentationOf } from '../segmentation/octreeSegmentation';

/** The cloud the camera was last framed on. */

function StreamedCloud({ cloud }: { cloud: PointCloudInfo }) {
  const workbench = useWorkbench();
  const { client } = workbench;
  const budget = useView((s) => s.pointBudget);
  const color = useView((s) => s.cloudColor);
  const pointSize = useView((s) => s.cloudPointSize);
  const { camera, scene, gl, get } = useThree();
  const layerRef = useRef<PotreeCloudLayer | null>(null);
  const edl = useView((s) => s.edl);
  const edlPass = useRef<EdlPass | null>(null);
  useEffect(() => () => edlPass.current?.dispose(), []);

  // One layer per mounted cloud, made and disposed by this effect so a remount (StrictMode, a
  // new cloud) never leaves a second copy streaming.
  useEffect(() => {
    const view = () => workbench.view.getState();
    const layer = new PotreeCloudLayer({ pointBudget: view().pointBudget });
    layerRef.current = layer;
    scene.add(layer);
    // Compile the point shader (and the lighting pass) while the metadata and root node load.
    const probe = layer.shaderProbe(gl);
    const compiling = view().edl && camera instanceof THREE.PerspectiveCamera ? (edlPass.current ??= new EdlPass()).compile(gl, probe.scene, camera) : gl.compileAsync(probe.scene, camera);
    void compiling.catch(() => undefined).finally(() => probe.dispose());
    const bounds = cloud.bounds!;
    let detachLabels: (() => void) | null = null;
    layer
      .load(client.dataUrl(cloud.storeId!, ''), bounds)
      .then((loaded) => {
        if (!loaded) return;
        detachLabels = octreeSegmentationOf(workbench).attach(layer, cloud);
        const now = view();
        layer.setStyle(now.cloudColor, now.cloudPointSize, gl.getPixelRatio());
        // The full octree replacing its preview keeps the user's view.
        if (workbench.framedCloudId !== cloud.cloudId) frameBounds(camera, get().controls as unknown as OrbitLike | null, bounds, layer.origin);
        workbench.framedCloudId = cloud.cloudId;
      })
      .catch((e: unknown) => view().say(`${cloud.name}: cannot stream the octree: ${(e as Error).message}`));
    return () => {
      detachLabels?.();
      layerRef.current = null;
      scene.remove(layer);
      layer.dispose();
    };
    // The controls arrive after the first render; depending on them would load the cloud twice.
  }, [workbench, client, cloud, camera, scene, gl, get]);

  useEffect(() => layerRef.current?.setBudget(budget), [budget]);
  useEffect(() => layerRef.current?.setStyle(color, pointSize, gl.getPixelRatio()), [color, pointSize, gl]);


  // With eye-dome lighting on, this frame callback (priority 1) draws the frame itself.
  useFrame((state) => {
    if (!edl || !(state.camera instanceof THREE.PerspectiveCamera)) return state.gl.render(state.scene, state.camera);
    edlPass.current ??= new EdlPass();
    const background = state.scene.background instanceof THREE.Color ? state.scene.background : new THREE.Color(0, 0, 0);
    edlPass.current.render(state.gl, state.scene, state.camera, background);
  }, 1);

  const lastStats = useRef(0);
  const firstPoints = useRef(false);
  // Before R3F draws the frame: potree-core picks and loads the nodes inside the budget.
  useFrame((state) => {
    const layer = layerRef.current;
    if (!layer) return;
    const stats = layer.update(state.camera, state.gl);
    if (!firstPoints.current && stats.drawnPoints > 0) {
      firstPoints.current = true;
      performance.mark('cairn:cloud-first-points');
    }
    const now = performance.now();
    if (now - lastStats.current > 250) {
      lastStats.current = now;
      workbench.view.getState().cloudStatsChanged(stats);
    }
  });
  return null;
}

interface OrbitLike {
  target: THREE.Vector3;
  update(): void;
}

/** Puts the whole cloud in view, looking down at it from the south-west. */
function frameBounds(camera: THREE.Camera, controls: OrbitLike | null, bounds: NonNullable<PointCloudInfo['bounds']>, origin: THREE.Vector3) {
  const size = new THREE.Vector3(bounds.max[0] - bounds.min[0], bounds.max[1] - bounds.min[1], bounds.max[2] - bounds.min[2]);
  const radius = Math.max(size.length() / 2, 1);
  const centre = new THREE.Vector3((bounds.min[0] + bounds.max[0]) / 2, (bounds.min[1] + bounds.max[1]) / 2, (bounds.min[2] + bounds.max[2]) / 2).sub(origin);
  camera.position.copy(centre).add(new THREE.Vector3(-0.9, -1.2, 1.0).normalize().multiplyScalar(radius * 2.2));
  if (camera instanceof THREE.PerspectiveCamera) {
    camera.near = Math.max(radius / 5000, 0.01);
    camera.far = radius * 50;
    camera.updateProjectionMatrix();
  }
  if (controls) {
    controls.target.copy(centre);
    controls.update();
  } else {
    camera.lookAt(centre);
  }
}

/** The 3D view of one streamed point cloud, any size, within the point budget. */
export function CloudViewport({ cloud }: { cloud: PointCloudInfo }) {
  return (
    <div className="viewport" data-testid="cloud-viewport">
      <Canvas
        data-testid="viewport-canvas"
        gl={{ antialias: false, preserveDrawingBuffer: true }}
        dpr={[1, 2]}
        camera={{ position: [-30, -40, 30], up: [0, 0, 1], fov: 55, near: 0.1, far: 5000 }}
      >
        <color attach="background" args={['#0d1017']} />
        <OrbitControls makeDefault enableDamping={false} />
        <StreamedCloud key={cloud.storeId} cloud={cloud} />
        <OctreeSegmentationBinding />
      </Canvas>
      {cloud.points !== 0 && <OctreeSegmentationOverlay cloud={cloud} />}
      {cloud.points === 0 && (
        <p className="view-empty" data-testid="cloud-empty">
          {cloud.name} holds no points: there is nothing to draw.
        </p>
      )}
    </div>
  );
}
