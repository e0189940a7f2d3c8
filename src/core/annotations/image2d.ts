import { z } from 'zod';
import { text } from '../model/text';

/**
 * What the 2D kinds share: the camera they are drawn in and their coordinates, in that camera's
 * image pixels (x right, y down, origin at the top-left corner of the top-left pixel).
 */

/** Far beyond any sensor, near enough that arithmetic on it stays exact. */
export const MAX_IMAGE_COORDINATE = 1_000_000;

export const pixel = z
  .number()
  .min(-MAX_IMAGE_COORDINATE, { error: `must be within ±${MAX_IMAGE_COORDINATE} px` })
  .max(MAX_IMAGE_COORDINATE, { error: `must be within ±${MAX_IMAGE_COORDINATE} px` });

/** The scene's name for one camera (its sensor id in the manifest). */
export const cameraIdSchema = text(128, 1);

/**
 * The 3D object a 2D label shows: the track of its cuboids (the object across frames). Null for a
 * label drawn on its own (2D-only). A record's `objectId` is its row key and `trackId` the 2D label
 * across frames, so the link is a field of its own rather than a shared id.
 */
export const linkedTrackIdSchema = z.uuid().nullable();
