import { PointColorType, PointShape, PointSizeType, Potree, PotreeRenderer, type PointCloudOctree } from 'potree-core';
import * as THREE from 'three';

export type CloudColorMode = 'rgb' | 'intensity' | 'elevation' | 'classification' | 'return';

const COLOR_TYPES: Record<CloudColorMode, PointColorType> = {
  rgb: PointColorType.RGB,
  intensity: PointColorType.INTENSITY_GRADIENT,
  elevation: PointColorType.ELEVATION,
  classification: PointColorType.CLASSIFICATION,
  return: PointColorType.RETURN_NUMBER,
};

export interface CloudStats {
  readonly visiblePoints: number;
  readonly visibleNodes: number;
  readonly loadedPoints: number;
}

/**
 * A streamed Potree 2.0 octree, as a plain three.js object: potree-core picks the nodes inside
 * the point budget each frame and fetches them by range request through the host.
 *
 * Georeferenced coordinates (1e6 m) lose precision in float32, so the cloud is moved to a local
 * origin (the centre of its bounds) and the rest of the scene works in that frame.
 */
export class PotreeCloudLayer extends THREE.Group {
  readonly potree = new Potree();
  private readonly renderer: PotreeRenderer;
  private cloud: PointCloudOctree | null = null;
  /** World coordinates of this layer's origin, so a point's true position is local + origin. */
  readonly origin = new THREE.Vector3();

  constructor(options: { pointBudget: number; edl: boolean }) {
    super();
    this.name = 'potree-cloud';
    this.potree.pointBudget = options.pointBudget;
    // potree-core defaults to 3 nodes in flight, which starves a fast local link; the host
    // serves from disk, so more parallel range requests fill the budget sooner.
    this.potree.maxNumNodesLoading = 8;
    this.renderer = new PotreeRenderer({ edl: { enabled: options.edl, pointCloudLayer: 1 } });
  }

  async load(baseUrl: string, bounds: { min: readonly number[]; max: readonly number[] }): Promise<PointCloudOctree> {
    const requests = {
      fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init),
      getUrl: async (file: string) => (/^[a-z]+:/i.test(file) ? file : `${baseUrl}${file}`),
    };
    const cloud = await this.potree.loadPointCloud('metadata.json', requests);
    this.origin.set((bounds.min[0] + bounds.max[0]) / 2, (bounds.min[1] + bounds.max[1]) / 2, (bounds.min[2] + bounds.max[2]) / 2);
    cloud.position.sub(this.origin);
    cloud.material.shape = PointShape.CIRCLE;
    cloud.material.pointSizeType = PointSizeType.ADAPTIVE;
    cloud.material.elevationRange = [bounds.min[2], bounds.max[2]];
    this.cloud = cloud;
    this.add(cloud);
    return cloud;
  }

  setStyle(mode: CloudColorMode, pointSize: number): void {
    if (!this.cloud) return;
    this.cloud.material.pointColorType = COLOR_TYPES[mode];
    this.cloud.material.size = pointSize;
  }

  setBudget(points: number): void {
    this.potree.pointBudget = points;
  }

  setEdl(enabled: boolean): void {
    this.renderer.setEDL({ enabled, pointCloudLayer: 1 });
  }

  /** Picks this frame's nodes, then draws the whole scene (with eye-dome lighting when on). */
  render(scene: THREE.Scene, camera: THREE.Camera, gl: THREE.WebGLRenderer): CloudStats {
    const clouds = this.cloud ? [this.cloud] : [];
    const result = this.potree.updatePointClouds(clouds, camera, gl);
    this.renderer.render({ renderer: gl, scene, camera, pointClouds: clouds });
    return {
      visiblePoints: result.numVisiblePoints,
      visibleNodes: result.visibleNodes.length,
      loadedPoints: this.potree.lru.numPoints,
    };
  }

  dispose(): void {
    this.cloud?.dispose();
    this.renderer.dispose();
  }
}
