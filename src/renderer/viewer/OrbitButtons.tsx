import { useThree } from '@react-three/fiber';
import { useLayoutEffect } from 'react';
import type { Tool } from '../state/viewStore';
import { useWorkbench } from '../workbench/context';
import { orbitButtonsFor, type OrbitButtonMap } from './orbitButtonMap';

/**
 * Keeps the orbit controls' mouse buttons in step with the tool from the moment the tool changes.
 * Given as a prop, they reached the controls only when the 3D view's own renderer next ran, after
 * the tools had switched: a drag begun at once after "Draw box" (a shortcut, a busy machine) both
 * drew a box and turned the camera, its far corner projected through the turning camera (the
 * review e2e's third annotator drew a 2.6 × 0.9 m box where the others drew 3.0 × 5.1 m).
 */
export function OrbitButtons(): null {
  const view = useWorkbench().view;
  const controls = useThree((s) => s.controls) as unknown as { mouseButtons: OrbitButtonMap } | null;
  useLayoutEffect(() => {
    if (!controls) return;
    const apply = (tool: Tool) => Object.assign(controls.mouseButtons, orbitButtonsFor(tool));
    apply(view.getState().tool);
    return view.subscribe((state, before) => {
      if (state.tool !== before.tool) apply(state.tool);
    });
  }, [controls, view]);
  return null;
}
