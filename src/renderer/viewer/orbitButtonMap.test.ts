import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { orbitButtonsFor } from './orbitButtonMap';

describe('orbitButtonsFor', () => {
  it('leaves the left button to the tools that draw with it, and orbits with the right there', () => {
    for (const tool of ['draw', 'segment'] as const) expect(orbitButtonsFor(tool)).toEqual({ LEFT: undefined, MIDDLE: THREE.MOUSE.DOLLY, RIGHT: THREE.MOUSE.ROTATE });
  });

  it('orbits with the left button, pans with the right, in the tools that click', () => {
    for (const tool of ['select', 'fit', 'pin', 'relate'] as const) expect(orbitButtonsFor(tool)).toEqual({ LEFT: THREE.MOUSE.ROTATE, MIDDLE: THREE.MOUSE.DOLLY, RIGHT: THREE.MOUSE.PAN });
  });
});
