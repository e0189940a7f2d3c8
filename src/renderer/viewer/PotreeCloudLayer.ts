import { Potree, type PointCloudOctree } from 'potree-core';
import * as THREE from 'three';
import { pruneIdleHierarchy, type HierarchyNode } from './hierarchyPruning';
import { adoptNode, createPotreeNodeMaterial, setNodeMaterialMode } from './potreeNodeMaterial';

import type { CloudColorMode } from '../state/viewStore';

export interface CloudStats {
  /** Points in the nodes selected within the budget (loaded or still on their way). */
  readonly visiblePoints: number;
  /** Points actually drawn this frame. */
  readonly drawnPoints: number;
  readonly visibleNodes: number;
  /** Points held in memory (drawn or cached for a return visit). */
  readonly loadedPoints: number;
  /** Bytes of node geometry held, the same again on the GPU. */
  readonly geometryBytes: number;
  /** Octree hierarchy nodes known (read from hierarchy.bin and not pruned since). */
  readonly hierarchyNodes: number;
}

/**
 * Point label colours for the octree's nodes (RGBA per point, as labelColours makes them), from the
 * segmentation. `key` changes whenever a node's colours may have (an edit touching it, a class hidden).
 */
export interface NodeLabelColours {
  key(name: string): string | null;
  colours(name: string, count: number): Uint8Array;
}

/** A loaded node's points for a selection: its name, its geometry's positions and the matrix placing them in the scene. */
export interface NodePoints {
  readonly name: string;
  readonly positions: Float32Array;
  readonly matrix: readonly number[];
}

/** Memory holds at most this many times the budget: room for a look back without reloading. */
const CACHE_FACTOR = 1.5;
/** Visibility passes per frame (2 nodes promoted each) and the time they may take. */
const MAX_PASSES_PER_FRAME = 16;
const PROMOTION_MS = 8;
/** A visibility pass runs between frames when the last one is older than this. */
const BETWEEN_FRAMES_MS = 50;
/** How often the hierarchy is swept, and how long a chunk stays unused before it is folded back. */
const PRUNE_EVERY_MS = 1000;
const HIERARCHY_IDLE_MS = 5000;

/**
 * A streamed Potree 2.0 octree, as a plain three.js object: potree-core picks the nodes inside
 * the point budget each frame and fetches them by range request through the host.
 *
 * Georeferenced coordinates (1e6 m) lose precision in float32, so the cloud is moved to a local
 * origin (the centre of its bounds) and the rest of the scene works in that frame.
 */
export class PotreeCloudLayer extends THREE.Group {
  readonly potree = new Potree();
  private readonly material = createPotreeNodeMaterial();
  private cloud: PointCloudOctree | null = null;
  /** World coordinates of this layer's origin, so a point's true position is local + origin. */
  readonly origin = new THREE.Vector3();

  constructor(options: { pointBudget: number }) {
    super();
    this.name = 'potree-cloud';
    this.setBudget(options.pointBudget);
    // potree-core defaults to 3 nodes in flight, which starves a fast local link; the host
    // serves from disk, so more parallel range requests fill the budget sooner.
    this.potree.maxNumNodesLoading = 8;
    this.timer = setInterval(this.pickBetweenFrames, BETWEEN_FRAMES_MS / 2);
  }

  private disposed = false;
  private view: { camera: THREE.Camera; gl: THREE.WebGLRenderer } | null = null;
  private pickedAt = 0;
  private backlog = false;
  private loadingAfterPick = 0;
  private prunedAt = 0;
  private hierarchyNodes = 0;
  private readonly idleSince = new WeakMap<HierarchyNode, number>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private labels: NodeLabelColours | null = null;
  /** The label colour key each node's geometry was last coloured for. */
  private readonly colouredFor = new WeakMap<THREE.BufferGeometry, string>();

  /** Colours nodes by point label (null: the colour mode alone). Applied to the drawn nodes before each frame. */
  setLabelColours(source: NodeLabelColours | null): void {
    this.labels = source;
    this.material.uniforms.uLabels.value = false;
  }

  /** The nodes drawn now, with their points: what a segmentation tool selects among. */
  drawnNodes(): NodePoints[] {
    const out: NodePoints[] = [];
    for (const node of this.cloud?.visibleNodes ?? []) {
      const points = node.sceneNode as THREE.Points | undefined;
      const position = points?.geometry.getAttribute('position');
      if (!points || !position || !(position.array instanceof Float32Array)) continue;
      // potree-core nests a node's Points under its parent's but places each by the cloud alone
      // (matrixWorld = cloud × node, set in its visibility pass); three's own nested product would be wrong.
      points.updateMatrix();
      const matrix = new THREE.Matrix4().multiplyMatrices(this.cloud!.matrixWorld, points.matrix);
      out.push({ name: node.geometryNode.name, positions: position.array, matrix: matrix.elements.slice() });
    }
    return out;
  }

  private colourNodes(): void {
    const source = this.labels;
    if (!source) return;
    let all = true;
    for (const node of this.cloud?.visibleNodes ?? []) {
      const points = node.sceneNode as THREE.Points | undefined;
      if (!points) continue;
      const name = node.geometryNode.name;
      const key = source.key(name);
      if (key === null) {
        all = false;
        continue;
      }
      const g = points.geometry;
      if (this.colouredFor.get(g) === key && g.getAttribute('labelColour')) continue;
      const count = g.getAttribute('position')?.count ?? 0;
      g.setAttribute('labelColour', new THREE.BufferAttribute(source.colours(name, count), 4, true));
      this.colouredFor.set(g, key);
    }
    // A node the octree's point order does not know (never, for a whole octree) would read a missing attribute: draw plain.
    this.material.uniforms.uLabels.value = all;
  }

  /** Resolves null when the layer was disposed while the metadata was loading. */
  async load(baseUrl: string, bounds: { min: readonly number[]; max: readonly number[] }): Promise<PointCloudOctree | null> {
    const requests = {
      fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init),
      getUrl: async (file: string) => (/^[a-z]+:/i.test(file) ? file : `${baseUrl}${file}`),
    };
    const cloud = await this.potree.loadPointCloud('metadata.json', requests);
    if (this.disposed) {
      cloud.dispose();
      return null;
    }
    // The geometry's own cap (default 3 nodes in flight, decode included) is what limits streaming.
    cloud.pcoGeometry.maxNumNodesLoading = 8;
    startDecoder(cloud);
    this.origin.set((bounds.min[0] + bounds.max[0]) / 2, (bounds.min[1] + bounds.max[1]) / 2, (bounds.min[2] + bounds.max[2]) / 2);
    // potree-core draws points relative to the octree's offset; move them to our local origin.
    cloud.position.copy(cloud.pcoGeometry.offset).sub(this.origin);
    // Colour ramps see positions after the rebase, so ranges are in the local frame.
    this.material.uniforms.uElevation.value.set(bounds.min[2] - this.origin.z, bounds.max[2] - this.origin.z);
    const intensity = cloud.pcoGeometry.pointAttributes?.attributes.find((a) => a.name === 'intensity') as { range?: unknown } | undefined;
    const range = intensity?.range as [number, number] | undefined;
    if (range && typeof range[0] === 'number') this.material.uniforms.uIntensity.value.set(range[0], range[1]);
    this.cloud = cloud;
    this.add(cloud);
    return cloud;
  }

  setStyle(mode: CloudColorMode, pointSize: number, pixelRatio: number): void {
    setNodeMaterialMode(this.material, mode);
    this.material.uniforms.uPointSize.value = pointSize * pixelRatio;
  }

  setBudget(points: number): void {
    this.potree.pointBudget = points;
    // potree-core frees least-recently-used nodes above twice the LRU's budget.
    this.potree.lru.pointBudget = (points * CACHE_FACTOR) / 2;
  }

  /** Picks this frame's nodes within the budget (loading what is missing); the scene draws them. */
  update(camera: THREE.Camera, gl: THREE.WebGLRenderer): CloudStats {
    this.view = { camera, gl };
    const result = this.pick(camera, gl);
    this.pruneHierarchy();
    let drawnPoints = 0;
    for (const node of this.cloud?.visibleNodes ?? []) drawnPoints += node.numPoints;
    return {
      visiblePoints: result.numVisiblePoints,
      drawnPoints,
      visibleNodes: result.visibleNodes.length,
      loadedPoints: this.potree.lru.numPoints,
      geometryBytes: this.geometryBytes(),
      hierarchyNodes: this.hierarchyNodes,
    };
  }

  /** Keeps the known hierarchy near what is loaded, so the heap stays flat over a long flight. */
  private pruneHierarchy(): void {
    const root = this.cloud?.pcoGeometry.root;
    const now = performance.now();
    if (!root || now - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = now;
    this.hierarchyNodes = pruneIdleHierarchy(root as unknown as HierarchyNode, now, HIERARCHY_IDLE_MS, this.idleSince).known;
  }

  private pick(camera: THREE.Camera, gl: THREE.WebGLRenderer) {
    this.pickedAt = performance.now();
    const clouds = this.cloud ? [this.cloud] : [];
    let result = this.potree.updatePointClouds(clouds, camera, gl);
    // potree-core makes at most 2 loaded nodes drawable per pass, so filling a view of 60 nodes
    // takes 30 frames (10 s at 3 fps on a software GL). Further passes in the same frame promote
    // the rest of what has arrived; the time cap keeps one frame from stalling on a large backlog.
    for (let pass = 1; result.exceededMaxLoadsToGPU && pass < MAX_PASSES_PER_FRAME && performance.now() - this.pickedAt < PROMOTION_MS; pass++) {
      result = this.potree.updatePointClouds(clouds, camera, gl);
    }
    this.backlog = result.exceededMaxLoadsToGPU;
    this.loadingAfterPick = this.cloud?.pcoGeometry.numNodesLoading ?? 0;
    for (const node of this.cloud?.visibleNodes ?? []) adoptNode(node.sceneNode as THREE.Points, this.material);
    this.colourNodes();
    return result;
  }

  /**
   * Loads start only from a visibility pass, and a child only once its parent is drawable, so
   * with slow frames (a large view on a software GL) each octree level waits a frame. Between
   * frames, while nodes are arriving, this pass promotes them and starts their children.
   */
  private pickBetweenFrames = (): void => {
    if (!this.view || !this.cloud) return;
    if (performance.now() - this.pickedAt < BETWEEN_FRAMES_MS) return;
    // Only when a node has arrived since the last pass (loads start only in passes, so the count
    // falls only when one completes): a pass allocates, and idle passes would only feed the GC.
    if (this.cloud.pcoGeometry.numNodesLoading >= this.loadingAfterPick && !this.backlog) return;
    this.pick(this.view.camera, this.view.gl);
  };

  /**
   * One point drawn with the node material, so its shader can be compiled before nodes arrive,
   * beside the renderer's program keeper (below).
   */
  shaderProbe(gl: THREE.WebGLRenderer): { readonly scene: THREE.Scene; dispose(): void } {
    const scene = new THREE.Scene();
    const geometry = onePoint();
    scene.add(new THREE.Points(geometry, this.material));
    let keeper = programKeepers.get(gl);
    if (!keeper) {
      keeper = new THREE.Points(onePoint(), createPotreeNodeMaterial());
      programKeepers.set(gl, keeper);
    }
    scene.add(keeper);
    return {
      scene,
      dispose: () => {
        scene.remove(keeper);
        geometry.dispose();
      },
    };
  }

  private geometryBytes(): number {
    let bytes = 0;
    for (let item = this.potree.lru.first; item; item = item.next) {
      const geometry = (item.node as unknown as { geometry?: THREE.BufferGeometry }).geometry;
      if (!geometry) continue;
      for (const a of Object.values(geometry.attributes)) bytes += (a as THREE.BufferAttribute).array.byteLength;
    }
    return bytes;
  }

  dispose(): void {
    this.disposed = true;
    clearInterval(this.timer);
    this.view = null;
    this.cloud?.dispose();
    this.material.dispose();
  }
}

/**
 * Per renderer, a point with a node material that is never disposed. three frees a program when
 * the last material using it is disposed, so without it every cloud opened after another waited
 * for a fresh compile of the same shader (0.2–0.9 s on a software GL).
 */
const programKeepers = new WeakMap<THREE.WebGLRenderer, THREE.Points>();

function onePoint(): THREE.BufferGeometry {
  return new THREE.BufferGeometry().setAttribute('position', new THREE.Float32BufferAttribute([0, 0, 0], 3));
}

interface DecoderPool {
  getWorker(type: string): Worker;
  returnWorker(type: string, worker: Worker): void;
}

/**
 * potree-core starts its decoder worker when the first node's bytes arrive; starting it while
 * the root node is still on the wire takes the worker's start-up off the time to first frame.
 */
function startDecoder(cloud: PointCloudOctree): void {
  const loader = cloud.pcoGeometry.loader as unknown as { workerPool?: DecoderPool; metadata?: { encoding?: string } };
  const pool = loader.workerPool;
  if (!pool) return;
  const type = loader.metadata?.encoding === 'BROTLI' ? 'DECODER_WORKER_BROTLI' : 'DECODER_WORKER';
  pool.returnWorker(type, pool.getWorker(type));
}
