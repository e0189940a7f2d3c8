import { channelPercentiles } from '../../core/pointcloud/percentiles';
import { decodeFrameCloud } from '../../core/scene/frameCloud';
import type { SceneFrame } from '../../core/scene/manifest';
import type { CairnClient } from '../../shared/client';

export interface DecodedCloud {
  readonly sensorId: string;
  /** Interleaved x, y, z, intensity in the LiDAR frame. */
  readonly points: Float32Array;
  readonly count: number;
  readonly zRange: readonly [number, number];
  readonly groundZ: number;
  /**
   * Each point's capture time, seconds, as the file holds it (an offset into the sweep or an
   * absolute time: see sweepTimesOnSceneClock); absent when the sweep has none. It comes in the
   * same fetched bytes as the positions (a PCD / PLY field), so a sweep without it costs nothing.
   */
  readonly time?: Float64Array;
}

/** Everything a frame shows, decoded and ready to draw; a failed part carries its message. */
export interface LoadedFrame {
  readonly frameId: string;
  readonly index: number;
  readonly cloud: DecodedCloud | null;
  readonly cloudError: string | null;
  readonly images: ReadonlyMap<string, ImageBitmap | string>;
  readonly bytes: number;
}

export interface FrameCacheOptions {
  /**
   * Frames fetched behind and ahead of the one on screen (ahead in the direction of travel). A
   * frame fetched also stays while it is within one more than `ahead` on either side: stepping
   * back and forth turns the direction on every step, and a window that turned with it dropped and
   * fetched (and decoded, on this thread) the same frames again each time. The one more is the step
   * itself: at frame i + 1 the window reaches i + 1 + ahead, which lies ahead + 1 from frame i.
   */
  readonly behind: number;
  readonly ahead: number;
}

const DEFAULT_OPTIONS: FrameCacheOptions = { behind: 2, ahead: 4 };

/**
 * Decoded frames around the one on screen: the sweep as GPU-ready floats and every camera image
 * as an ImageBitmap, so stepping to a prefetched frame draws without fetching or decoding.
 * Anything out of reach is dropped (bitmaps closed at once), so memory stays flat however long
 * the sequence.
 */
export class FrameCache {
  private readonly ready = new Map<number, LoadedFrame>();
  private readonly pending = new Map<number, Promise<LoadedFrame>>();
  private centre = 0;
  private direction: 1 | -1 = 1;
  private disposed = false;

  constructor(
    private readonly client: CairnClient,
    private readonly storeId: string,
    private readonly frames: readonly SceneFrame[],
    private options: FrameCacheOptions = DEFAULT_OPTIONS,
    /** Told whenever the frames held change (a prefetch landed, the window moved). */
    private readonly onChange: () => void = () => undefined,
  ) {}

  /** Widens or narrows the window (a merged cloud needs the frames behind). */
  setWindow(options: FrameCacheOptions): void {
    this.options = options;
  }

  get(index: number): LoadedFrame | undefined {
    return this.ready.get(index);
  }

  /** The frame, from the cache or loaded now; neighbours are prefetched after it. */
  load(index: number): Promise<LoadedFrame> {
    const hit = this.ready.get(index);
    if (hit) return Promise.resolve(hit);
    const inFlight = this.pending.get(index);
    if (inFlight) return inFlight;
    const promise = this.fetchFrame(index).then((frame) => {
      this.pending.delete(index);
      if (this.disposed || !this.inKept(index)) {
        closeImages(frame);
      } else {
        this.ready.set(index, frame);
        this.onChange();
      }
      return frame;
    });
    this.pending.set(index, promise);
    return promise;
  }

  /**
   * Moves the window to `index` and starts loading what it now covers, nearest first; resolves when
   * those loads are done (nobody need wait: the frames land in the cache and onChange says so).
   */
  focus(index: number): Promise<void> {
    if (index !== this.centre) this.direction = index > this.centre ? 1 : -1;
    this.centre = index;
    let dropped = false;
    for (const [i, frame] of this.ready) {
      if (!this.inKept(i)) {
        closeImages(frame);
        this.ready.delete(i);
        dropped = true;
      }
    }
    if (dropped) this.onChange();
    const wanted: number[] = [];
    const ahead = this.direction === 1 ? this.options.ahead : this.options.behind;
    const behind = this.direction === 1 ? this.options.behind : this.options.ahead;
    for (let d = 1; d <= Math.max(ahead, behind); d++) {
      if (d <= ahead) wanted.push(index + d);
      if (d <= behind) wanted.push(index - d);
    }
    // One at a time keeps the frame the user asks for next from queueing behind the whole window.
    return wanted
      .filter((i) => i >= 0 && i < this.frames.length)
      .reduce<Promise<unknown>>((chain, i) => chain.then(() => (this.inWindow(i) && !this.disposed ? this.load(i) : undefined)), Promise.resolve())
      .then(() => undefined);
  }

  /** Bytes held by decoded frames (sweeps and bitmaps), for the status bar and the benchmark. */
  heldBytes(): number {
    let total = 0;
    for (const frame of this.ready.values()) total += frame.bytes;
    return total;
  }

  heldFrames(): number {
    return this.ready.size;
  }

  dispose(): void {
    this.disposed = true;
    for (const frame of this.ready.values()) closeImages(frame);
    this.ready.clear();
  }

  /**
   * In the window, or within one more than `ahead` either way (where the timeline may turn to, and
   * what the window of the next step back or forth covers): what stays held.
   */
  private inKept(index: number): boolean {
    return this.inWindow(index) || Math.abs(index - this.centre) <= Math.max(this.options.ahead, this.options.behind) + 1;
  }

  /** Within the window of the direction of travel: what is fetched. */
  private inWindow(index: number): boolean {
    const ahead = this.direction === 1 ? this.options.ahead : this.options.behind;
    const behind = this.direction === 1 ? this.options.behind : this.options.ahead;
    return index >= this.centre - behind && index <= this.centre + ahead;
  }

  private async fetchFrame(index: number): Promise<LoadedFrame> {
    const frame = this.frames[index];
    const [cloudPart, imageParts] = await Promise.all([
      this.fetchCloud(frame),
      Promise.all(Object.entries(frame.images).map(async ([sensorId, ref]) => [sensorId, await this.fetchImage(ref.path)] as const)),
    ]);
    let bytes = cloudPart.cloud ? cloudPart.cloud.points.byteLength + (cloudPart.cloud.time?.byteLength ?? 0) : 0;
    for (const [, image] of imageParts) if (typeof image !== 'string') bytes += image.width * image.height * 4;
    return { frameId: frame.frameId, index, ...cloudPart, images: new Map(imageParts), bytes };
  }

  private async fetchCloud(frame: SceneFrame): Promise<{ cloud: DecodedCloud | null; cloudError: string | null }> {
    const [sensorId, ref] = Object.entries(frame.pointClouds)[0] ?? [];
    if (!sensorId || !ref) return { cloud: null, cloudError: `frame ${frame.index} has no point cloud` };
    try {
      const response = await fetch(this.client.dataUrl(this.storeId, ref.path));
      if (!response.ok) throw new Error(`${ref.path}: ${response.status === 404 ? 'not found in the store' : `the host answered ${response.status}`}`);
      const decoded = await decodeFrameCloud(new Uint8Array(await response.arrayBuffer()), ref);
      const [ground, lo, hi] = decoded.count > 0 ? channelPercentiles(decoded.points, 4, 2, [0.1, 0.02, 0.98]) : [0, -2, 3];
      return {
        cloud: { sensorId, points: decoded.points, count: decoded.count, zRange: [lo, hi], groundZ: ground, ...(decoded.time && { time: decoded.time }) },
        cloudError: null,
      };
    } catch (e) {
      return { cloud: null, cloudError: (e as Error).message };
    }
  }

  private async fetchImage(path: string): Promise<ImageBitmap | string> {
    try {
      const response = await fetch(this.client.dataUrl(this.storeId, path));
      if (!response.ok) throw new Error(`${path}: ${response.status === 404 ? 'not found in the store' : `the host answered ${response.status}`}`);
      return await createImageBitmap(await response.blob());
    } catch (e) {
      const message = (e as Error).message;
      return message.startsWith(path) ? message : `${path}: ${message}`;
    }
  }
}

function closeImages(frame: LoadedFrame): void {
  for (const image of frame.images.values()) if (typeof image !== 'string') image.close();
}
