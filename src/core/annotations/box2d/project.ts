import type { CameraModel } from '../../camera/cameraModel';
import { projectCuboidBox } from '../../camera/projectCuboidBox';
import type { RigidTransform } from '../../camera/rigidTransform';
import type { AnnotationChange } from '../../editor/changes';
import type { Editor } from '../../editor/editor';
import { sameAnnotation } from '../../model/annotation';
import { isBox2dRecord } from '../guards';
import type { Box2dAnnotation, Box2dRect } from './schema';

/** One camera image of a frame, as a projection needs it. */
export interface CameraRig {
  readonly cameraId: string;
  readonly width: number;
  readonly height: number;
  readonly model: CameraModel;
  /** Maps points of a cuboid's named frame into the camera's optical frame; null for a frame the rig cannot place. */
  cameraFrom(frame: string): RigidTransform | null;
}

/** The cameras of a frame, by frameId. */
export type RigsOf = (frameId: string) => readonly CameraRig[];

/**
 * The changes that make the projected 2D boxes of cuboid track `sourceTrackId` what its cuboids
 * project to now, on every frame of its span (keyframes and interpolated frames) and in every
 * camera of `rigsOf` where the box is visible: a box per camera and frame, one 2D track per camera,
 * linked to the source and marked derived. A box the user detached is left alone; a derived box
 * whose cuboid no longer shows (out of view, or the frame left the span) is deleted. With
 * `create` false only cameras that already hold a derived track of the source are kept up (the
 * 3D edits followed); with it, every camera where the track shows gets one ("Project to cameras").
 */
export function projectedBoxChanges(editor: Editor, sourceTrackId: string, rigsOf: RigsOf, at: number, create: boolean): AnnotationChange[] {
  const existing = new Map<string, Box2dAnnotation>();
  const trackOfCamera = new Map<string, string>();
  // A projected box is linked to its source track (re-linking one makes it an ordinary box).
  for (const r of editor.linkedTo(sourceTrackId)) {
    if (!isBox2dRecord(r) || r.derived?.sourceTrackId !== sourceTrackId) continue;
    existing.set(`${r.cameraId}|${r.frameId}`, r);
    trackOfCamera.set(r.cameraId, r.trackId);
  }
  const track = editor.trackOf(sourceTrackId);
  // A source gone (its last keyframe deleted) takes its following boxes with it.
  if (!track || track.kind !== 'cuboid') return create ? [] : [...existing.values()].filter((b) => !b.derived?.detached).map((b) => ({ objectId: b.objectId, before: b, after: null }));
  if (!create && existing.size === 0) return [];
  const changes: AnnotationChange[] = [];
  const seen = new Set<string>();
  const keys = track.keyframes;
  for (let i = keys.length ? keys[0].frameIndex : 0; keys.length && i <= keys[keys.length - 1].frameIndex; i++) {
    const shown = editor.trackAt(sourceTrackId, i);
    const frameId = editor.frameOrder[i];
    if (!shown || shown.kind !== 'cuboid' || frameId === undefined) continue;
    const keyframe = keys.find((k) => k.frameIndex === i)?.record;
    for (const rig of rigsOf(frameId)) {
      const key = `${rig.cameraId}|${frameId}`;
      seen.add(key);
      const before = existing.get(key);
      if (before?.derived?.detached) continue;
      const cameraFrom = rig.cameraFrom(shown.cuboid.frame);
      const projected = cameraFrom && projectCuboidBox(shown.cuboid, cameraFrom, rig.model, rig.width, rig.height);
      const box = projected && rounded(projected);
      if (!box || !(box.x0 < box.x1 && box.y0 < box.y1)) {
        if (before) changes.push({ objectId: before.objectId, before, after: null });
        continue;
      }
      const derived = { sourceTrackId, ...(keyframe ? { sourceObjectId: keyframe.objectId } : {}), detached: false };
      if (before) {
        const after: Box2dAnnotation = { ...before, box, classId: shown.classId, derived };
        if (!sameAnnotation(before, after)) changes.push({ objectId: before.objectId, before, after: { ...after, updatedAt: at } });
        continue;
      }
      let trackId = trackOfCamera.get(rig.cameraId);
      if (!trackId && !create) continue;
      if (!trackId) trackOfCamera.set(rig.cameraId, (trackId = editor.newId()));
      const objectId = editor.newId();
      const after: Box2dAnnotation = {
        kind: 'box2d',
        objectId,
        trackId,
        sceneId: editor.sceneId,
        frameId,
        classId: shown.classId,
        ontologyVersion: editor.ontologyVersion,
        cameraId: rig.cameraId,
        box,
        linkedTrackId: sourceTrackId,
        derived,
        attributes: {},
        author: editor.author,
        createdAt: at,
        updatedAt: at,
      };
      changes.push({ objectId, before: null, after });
    }
  }
  for (const [key, before] of existing) {
    if (!seen.has(key) && !before.derived?.detached) changes.push({ objectId: before.objectId, before, after: null });
  }
  return changes;
}

/**
 * Hundredths of a pixel: the stored box does not change for a 3D edit below what anyone could see,
 * and a re-projection of an unchanged cuboid gives the same record.
 */
function rounded(b: Box2dRect): Box2dRect {
  const r = (x: number) => Math.round(x * 100) / 100;
  return { x0: r(b.x0), y0: r(b.y0), x1: r(b.x1), y1: r(b.y1) };
}

/**
 * For the editor's derivation hook: the derived boxes that follow the cuboid tracks `changes`
 * touched (boxes the user detached, and tracks never projected, are left alone).
 */
export function followCuboidEdits(editor: Editor, changes: readonly AnnotationChange[], rigsOf: RigsOf, at: number): AnnotationChange[] {
  const tracks = new Set<string>();
  for (const c of changes) for (const r of [c.before, c.after]) if (r?.kind === 'cuboid') tracks.add(r.trackId);
  return [...tracks].flatMap((t) => projectedBoxChanges(editor, t, rigsOf, at, false));
}
