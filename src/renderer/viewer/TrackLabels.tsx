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
  readonly el: HTMLSpanElement;
  readonly at: THREE.Vector3;
  color: string;
  /** What the tag's style says now, so a frame that changes nothing writes nothing. */
  shown: boolean;
  /** Its place on screen in tenths of a pixel (what the style says), NaN before the first. */
  x: number;
  y: number;
}

const top = new THREE.Vector3();
const ndc = new THREE.Vector3();
const turn = new THREE.Quaternion();

/**
 * The "track · interpolated" tags over the frame's interpolated boxes, as plain DOM in one layer
 * over the canvas, placed by one pass per drawn frame. A React root and a projection per tag
 * (drei's Html) cost more than the rest of a step on a frame of 200 tracks; tags are kept by track,
 * so a step moves them rather than building them again.
 */
export function TrackLabels({ labels }: { readonly labels: readonly TrackLabel[] }) {
  const gl = useThree((s) => s.gl);
  const invalidate = useThree((s) => s.invalidate);
  const layer = useRef<HTMLDivElement | null>(null);
  const tags = useRef(new Map<string, Tag>());
  // What the tags were last placed from: a drawn frame with the same camera, canvas and tags
  // (a drag on a box, a selection) places none of them again.
  const placed = useRef({ stale: true, view: new THREE.Matrix4(), projection: new THREE.Matrix4(), width: 0, height: 0 });

  useLayoutEffect(() => {
    const host = gl.domElement.parentElement;
    if (!host) return;
    const el = document.createElement('div');
    // Picking never consults overlays: presses go through to the canvas.
    el.className = 'relation-label-anchor';
    // One composited layer for all the tags (over the canvas, the layer needs one anyway), its
    // layout contained: the compositor takes the tags' paint as one, and a tag moved lays out the
    // layer alone, not the page around it.
    Object.assign(el.style, { position: 'absolute', inset: '0', overflow: 'hidden', pointerEvents: 'none', zIndex: '1', contain: 'strict', willChange: 'transform' });
    host.appendChild(el);
    layer.current = el;
    const held = tags.current;
    return () => {
      el.remove();
      layer.current = null;
      held.clear();
    };
  }, [gl]);

  useLayoutEffect(() => {
    const el = layer.current;
    if (!el) return;
    const held = tags.current;
    const wanted = new Set<string>();
    let moved = false;
    for (const { box, color } of labels) {
      wanted.add(box.trackId);
      let tag = held.get(box.trackId);
      if (!tag) {
        const span = document.createElement('span');
        span.className = 'track-label';
        span.dataset.testid = 'track-label';
        span.dataset.trackId = box.trackId;
        span.textContent = `${shortId(box.trackId)} · interpolated`;
        // Moved by transform (no layout), with no will-change of its own: a composited layer per
        // tag made 200 layers for the compositor to sort through on every paint of the page.
        Object.assign(span.style, { position: 'absolute', left: '0', top: '0' });
        el.appendChild(span);
        tag = { el: span, at: new THREE.Vector3(), color: '', shown: true, x: NaN, y: NaN };
        held.set(box.trackId, tag);
        moved = true;
      }
      if (tag.color !== color) Object.assign(tag.el.style, { color, borderColor: color });
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
    for (const [trackId, tag] of held) {
      if (wanted.has(trackId)) continue;
      tag.el.remove();
      held.delete(trackId);
    }
    // A tag taken away leaves the others where they are.
    if (moved) placed.current.stale = true;
    invalidate();
  }, [labels, invalidate]);

  // Styles are written only where they change: a drawn frame that moves no tag (a drag on another
  // box, a selection) costs the page no style work for 200 tags.
  useFrame(({ camera, size }) => {
    const last = placed.current;
    if (!last.stale && last.width === size.width && last.height === size.height && last.view.equals(camera.matrixWorldInverse) && last.projection.equals(camera.projectionMatrix)) return;
    last.stale = false;
    last.width = size.width;
    last.height = size.height;
    last.view.copy(camera.matrixWorldInverse);
    last.projection.copy(camera.projectionMatrix);
    for (const tag of tags.current.values()) {
      ndc.copy(tag.at).project(camera);
      // Off screen (beyond a margin for the tag's own width) or behind the camera: not laid out.
      const shown = ndc.z > -1 && ndc.z < 1 && Math.abs(ndc.x) < 1.5 && Math.abs(ndc.y) < 1.5;
      if (shown !== tag.shown) tag.el.style.display = shown ? '' : 'none';
      tag.shown = shown;
      if (!shown) continue;
      // Tenths of a pixel, compared as numbers: a tag that stays put costs no string.
      const x = Math.round(((ndc.x + 1) / 2) * size.width * 10);
      const y = Math.round(((1 - ndc.y) / 2) * size.height * 10);
      if (x !== tag.x || y !== tag.y) tag.el.style.transform = `translate(-50%, -50%) translate(${x / 10}px, ${y / 10}px)`;
      tag.x = x;
      tag.y = y;
    }
  });
  return null;
}
