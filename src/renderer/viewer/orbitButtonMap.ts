import * as THREE from 'three';
import type { Tool } from '../state/viewStore';

/** Which mouse button does what in the orbit controls, by tool: `undefined` leaves the button to the tool. */
export interface OrbitButtonMap {
  LEFT: THREE.MOUSE | undefined;
  MIDDLE: THREE.MOUSE;
  RIGHT: THREE.MOUSE;
}

/** Left-drag draws in the drawing tools (boxes, segmentation); orbiting moves to the right button there. */
export function orbitButtonsFor(tool: Tool): OrbitButtonMap {
  const draws = tool === 'draw' || tool === 'segment';
  return { LEFT: draws ? undefined : THREE.MOUSE.ROTATE, MIDDLE: THREE.MOUSE.DOLLY, RIGHT: draws ? THREE.MOUSE.ROTATE : THREE.MOUSE.PAN };
}
