import type { ModelCard } from '../modelCard';
import { toImageBox, type Detection2D, type OutputTensors } from '../detection';
import { nonMaxSuppression } from '../nms';
import type { InputPlacement } from '../preprocess';
import type { Candidate } from './candidate';
import { decodeFastestDet } from './fastestDet';
import { decodeNanodetGfl } from './nanodetGfl';
import { decodeYolox } from './yolox';

export interface DecodeOptions {
  /** Overrides the card's score threshold (a user's setting for one run). */
  readonly scoreThreshold?: number;
}

/**
 * A model's outputs as detections in the image: decoded by the card's decoder, kept above the
 * score threshold, mapped back through the placement, clipped to the image, then NMS per class.
 */
export function decodeDetections(
  card: ModelCard,
  outputs: OutputTensors,
  placement: InputPlacement,
  imageWidth: number,
  imageHeight: number,
  options: DecodeOptions = {},
): Detection2D[] {
  const threshold = options.scoreThreshold ?? card.thresholds.score;
  const decoder = card.decoder;
  let candidates: Candidate[];
  if (decoder.kind === 'yolox') candidates = decodeYolox(decoder, outputs, card, threshold);
  else if (decoder.kind === 'nanodet-gfl') candidates = decodeNanodetGfl(decoder, outputs, card, threshold);
  else candidates = decodeFastestDet(decoder, outputs, card, threshold);
  const detections: Detection2D[] = [];
  for (const c of candidates) {
    const box = toImageBox(c.box, placement, imageWidth, imageHeight);
    if (box) detections.push({ x1: box[0], y1: box[1], x2: box[2], y2: box[3], classIndex: c.classIndex, score: c.score });
  }
  return nonMaxSuppression(detections, card.thresholds.nmsIou, card.thresholds.maxDetections);
}
