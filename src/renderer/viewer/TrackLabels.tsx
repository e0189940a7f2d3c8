import { useFrame, useThree } from '@react-three/fiber';
import { useLayoutEffect, useRef } from 'react';
import * as THREE from 'three';
import type { FrameBox } from '../../core/editor/tools/frameBoxes';
import { shortId } from '../../core/model/ids';

export interface TrackLabel {
  readonly box: FrameBox;
  readonly color: string;
}

interface Tag {
  readonly text: string;
  readonly at: THREE.Vector3;
  color: string;
  /** The text's width in CSS pixels, measured once: a tag's text never changes. */
  width: number;
}

/** The tag's look: 10 px text, 4 px of padding each side, a 1 px dashed border in the track's colour. */
const FONT = '10px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const PAD_X = 5;
const HEIGHT = 15;
const BACKGROUND = 'rgba(13, 16, 23, 0.7)';

const top = new THREE.Vector3();
const ndc = new THREE.Vector3();
const turn = new THREE.Quaternion();

/**
 * The "track · interpolated" tags over the frame's interpolated boxes, drawn on one 2D canvas over
 * the 3D view by one pass per drawn frame that moved them. As DOM elements (one per tag, moved by
 * transform) a step on a frame of 200 tracks cost the page some 6 ms of style, layout, paint,
 * hit testing and compositor layerization for the 140 tags that moved; on a canvas it is one
 * layer's repaint. Tags are kept by track, so a step moves them rather than building them again.
 */
export function TrackLabels({ labels }: { readonly labels: readonly TrackLabel[] }) {
  const gl = useThree((s) => s.gl);
  const invalidate = useThree((s) => s.invalidate);
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const tags = useRef(new Map<string, Tag>());
  // What the tags were last drawn from: a drawn frame with the same camera, canvas and tags
  // (a drag on a box, a selection) draws none of them again.
  const drawn = useRef({ stale: true, view: new THREE.Matrix4(), projection: new THREE.Matrix4(), width: 0, height: 0, ratio: 0, count: -1 });

  useLayoutEffect(() => {
    const host = gl.domElement.parentElement;
    if (!host) return;
    const el = document.createElement('canvas');
    el.dataset.testid = 'track-labels';
    // Picking never consults overlays: presses go through to the 3D view.
    el.className = 'relation-label-anchor';
    Object.assign(el.style, { position: 'absolute', inset: '0', width: '100%', height: '100%', pointerEvents: 'none', zIndex: '1' });
    host.appendChild(el);
    canvas.current = el;
    drawn.current.width = 0;
    return () => {
      el.remove();
      canvas.current = null;
    };
  }, [gl]);

  useLayoutEffect(() => {
    const held = tags.current;
    const wanted = new Set<string>();
    let moved = false;
    for (const { box, color } of labels) {
      wanted.add(box.trackId);
      let tag = held.get(box.trackId);
      if (!tag) {
        tag = { text: `${shortId(box.trackId)} · interpolated`, at: new THREE.Vector3(NaN, NaN, NaN), color, width: NaN };
        held.set(box.trackId, tag);
      }
      if (tag.color !== color) moved = true;
      tag.color = color;
      // The middle of the box's top face, where the box's own tag sat.
      const { center, size, rotation } = box.cuboid;
      top.set(0, 0, size[2] / 2).applyQuaternion(turn.set(rotation[0], rotation[1], rotation[2], rotation[3]));
      const x = center[0] + top.x;
      const y = center[1] + top.y;
      const z = center[2] + top.z;
      if (x !== tag.at.x || y !== tag.at.y || z !== tag.at.z) moved = true;
      tag.at.set(x, y, z);
    }
    for (const trackId of held.keys()) {
      if (wanted.has(trackId)) continue;
      held.delete(trackId);
      moved = true;
    }
    if (moved) drawn.current.stale = true;
    invalidate();
  }, [labels, invalidate]);

  useFrame(({ camera, size }) => {
    const el = canvas.current;
    const last = drawn.current;
    const ratio = gl.getPixelRatio();
    if (!el) return;
    const resized = last.width !== size.width || last.height !== size.height || last.ratio !== ratio;
    if (!resized && !last.stale && last.view.equals(camera.matrixWorldInverse) && last.projection.equals(camera.projectionMatrix)) return;
    last.stale = false;
    last.view.copy(camera.matrixWorldInverse);
    last.projection.copy(camera.projectionMatrix);
    if (resized) {
      last.width = size.width;
      last.height = size.height;
      last.ratio = ratio;
      // A new size resets the context's state: the font and the rest are set again below.
      el.width = Math.round(size.width * ratio);
      el.height = Math.round(size.height * ratio);
    }
    const g = el.getContext('2d');
    if (!g) return;
    if (resized) {
      // Set once a size (the context's state is reset with it), not each pass. The first text drawn
      // still brings the page's style up to date (any text on a canvas in the page does, whatever its
      // font and direction), a pass the next frame would have made anyway.
      g.font = FONT;
      g.direction = 'ltr';
      g.textBaseline = 'middle';
      g.lineWidth = 1;
      g.setLineDash([3, 2]);
    }
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, size.width, size.height);
    let count = 0;
    for (const tag of tags.current.values()) {
      ndc.copy(tag.at).project(camera);
      // Off screen (beyond a margin for the tag's own width) or behind the camera: not drawn.
      if (!(ndc.z > -1 && ndc.z < 1 && Math.abs(ndc.x) < 1.5 && Math.abs(ndc.y) < 1.5)) continue;
      if (Number.isNaN(tag.width)) tag.width = g.measureText(tag.text).width;
      const w = Math.ceil(tag.width) + 2 * PAD_X;
      // Centred on the point, on whole pixels so the text stays sharp.
      const left = Math.round(((ndc.x + 1) / 2) * size.width - w / 2);
      const y = Math.round(((1 - ndc.y) / 2) * size.height - HEIGHT / 2);
      g.fillStyle = BACKGROUND;
      g.fillRect(left, y, w, HEIGHT);
      g.strokeStyle = tag.color;
      g.strokeRect(left + 0.5, y + 0.5, w - 1, HEIGHT - 1);
      g.fillStyle = tag.color;
      g.fillText(tag.text, left + PAD_X, y + HEIGHT / 2 + 0.5);
      count++;
    }
    // Said on the element for tests and tools; written only when it changes.
    if (count !== last.count) el.dataset.tags = String(count);
    last.count = count;
  });
  return null;
}
