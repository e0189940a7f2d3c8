/**
 * The look of each outcome, shared by the 3D layer, the cameras and the legend. Chosen apart from
 * the ontology's class colours (amber, red, cyan, lime, violet, orange, grey) so an outcome never
 * reads as a class: predictions green (matched) or magenta (false positive); ground truth blue
 * (matched) or yellow (missed).
 */
export const OUTCOME_COLOURS = {
  tp: '#22c55e',
  fp: '#ff2bd6',
  fn: '#ffe14d',
  matchedGt: '#60a5fa',
} as const;

export type Outcome = keyof typeof OUTCOME_COLOURS;

/** Line widths in the cameras: what needs looking at is drawn thicker. */
export const OUTCOME_WIDTHS: Readonly<Record<Outcome, number>> = { tp: 1.6, fp: 2.6, fn: 2.6, matchedGt: 1 };

export const OUTCOME_LABELS: Readonly<Record<Outcome, string>> = {
  tp: 'True positive (prediction)',
  fp: 'False positive (prediction)',
  fn: 'False negative (missed ground truth)',
  matchedGt: 'Matched ground truth',
};
