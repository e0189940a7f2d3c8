/**
 * Surface appearance. Object classes get flat, saturated colours that nothing else in the street
 * uses, so tests (and people) can tell what a camera pixel shows without a label map.
 */
import type { Material, Surface } from './raycast';

export type Rgb = [number, number, number];

export type ClassId = 'car' | 'truck' | 'pedestrian' | 'cyclist';

export const CLASS_COLOURS: Record<ClassId, Rgb> = {
  car: [205, 35, 35],
  truck: [235, 140, 20],
  pedestrian: [190, 40, 190],
  cyclist: [20, 185, 205],
};

export class FlatMaterial implements Material {
  constructor(readonly colour: Rgb, readonly reflectivity: number) {}
  surface(_px: number, _py: number, _pz: number, _nx: number, _ny: number, _nz: number, out: Surface): void {
    out.r = this.colour[0];
    out.g = this.colour[1];
    out.b = this.colour[2];
    out.reflectivity = this.reflectivity;
  }
}

function set(out: Surface, c: Rgb, reflectivity: number): void {
  out.r = c[0];
  out.g = c[1];
  out.b = c[2];
  out.reflectivity = reflectivity;
}

export interface FacadeStyle {
  wall: Rgb;
  /** Horizontal distance between window centres along the facade. */
  windowPitch: number;
  windowWidth: number;
  /** Phase of the window grid, so neighbouring buildings do not line up. */
  windowOffset: number;
}

const WINDOW: Rgb = [55, 70, 92];
const SHOP_WINDOW: Rgb = [40, 52, 68];
const ROOF: Rgb = [95, 92, 90];
const FLOOR_HEIGHT = 3.2;

/** Building walls with a window grid; glass is dark in the images and returns weakly to the LiDAR. */
export class FacadeMaterial implements Material {
  constructor(readonly style: FacadeStyle) {}
  surface(px: number, py: number, pz: number, nx: number, ny: number, nz: number, out: Surface): void {
    if (nz > 0.5) return set(out, ROOF, 0.3);
    // Position along the wall: x for walls facing ±y, y for walls facing ±x.
    const along = Math.abs(ny) > Math.abs(nx) ? px : py;
    const s = this.style;
    const u = (((along - s.windowOffset) % s.windowPitch) + s.windowPitch) % s.windowPitch;
    const inColumn = Math.abs(u - s.windowPitch / 2) < s.windowWidth / 2;
    if (pz < FLOOR_HEIGHT) {
      // Ground floor: tall shop windows.
      if (inColumn && pz > 0.5 && pz < 2.7) return set(out, SHOP_WINDOW, 0.06);
      return set(out, s.wall, 0.4);
    }
    const v = pz % FLOOR_HEIGHT;
    if (inColumn && v > 0.9 && v < 2.4) return set(out, WINDOW, 0.08);
    return set(out, s.wall, 0.4);
  }
}

const PAVING: Rgb = [168, 162, 152];
const KERB: Rgb = [196, 196, 192];

/** Raised sidewalk: paving on top, a pale kerb face towards the road. */
export class SidewalkMaterial implements Material {
  surface(px: number, py: number, _pz: number, _nx: number, _ny: number, nz: number, out: Surface): void {
    if (nz < 0.5) return set(out, KERB, 0.35);
    // Slab joints every 2 m give the sidewalk some structure in the images without noise.
    const jx = ((px % 2) + 2) % 2;
    const jy = ((py % 2) + 2) % 2;
    if (jx < 0.04 || jy < 0.04) return set(out, [150, 145, 136], 0.25);
    set(out, PAVING, 0.28);
  }
}

export interface RoadLayout {
  /** Half width of the carriageway (kerb to kerb). */
  halfWidth: number;
  /** |y| of the solid lines separating driving and parking lanes. */
  edgeLineY: number;
  /** Extent of the marked street along x. */
  xStart: number;
  xEnd: number;
  /** Zebra crossing [x0, x1]. */
  crossing: [number, number];
  /** Cross streets at both ends: asphalt without lane markings. */
  crossStreets: [number, number][];
}

const ASPHALT: Rgb = [74, 74, 78];
const MARKING: Rgb = [236, 236, 228];
const PAVEMENT: Rgb = [140, 136, 128];

/** The ground plane: asphalt with painted markings on the street, pavement elsewhere. */
export class GroundMaterial implements Material {
  constructor(readonly road: RoadLayout) {}
  surface(px: number, py: number, _pz: number, _nx: number, _ny: number, _nz: number, out: Surface): void {
    const r = this.road;
    const ay = Math.abs(py);
    for (const [a, b] of r.crossStreets) {
      if (px >= a && px <= b) return set(out, ASPHALT, 0.07);
    }
    if (ay > r.halfWidth || px < r.xStart || px > r.xEnd) return set(out, PAVEMENT, 0.25);
    // Painted lines are retro-reflective: the brightest returns on the ground.
    if (px >= r.crossing[0] && px <= r.crossing[1]) {
      const stripe = (((py + r.halfWidth) % 1.0) + 1.0) % 1.0;
      if (stripe < 0.5 && ay < r.halfWidth - 0.3) return set(out, MARKING, 0.85);
      return set(out, ASPHALT, 0.07);
    }
    const dash = (((px - r.xStart) % 9) + 9) % 9;
    if (ay < 0.075 && dash < 3) return set(out, MARKING, 0.85);
    if (Math.abs(ay - r.edgeLineY) < 0.06) return set(out, MARKING, 0.85);
    // Stop line before the far junction, in the ego's direction of travel.
    if (px > r.xEnd - 0.6 && py < 0 && py > -r.edgeLineY) return set(out, MARKING, 0.85);
    set(out, ASPHALT, 0.07);
  }
}
