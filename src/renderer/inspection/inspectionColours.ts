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
  tp: 'TP',
  fp: 'FP',
  fn: 'FN',
  matchedGt: 'GT hit',
};

/** What each outcome is, for the legend's tooltips. */
export const OUTCOME_DESCRIPTIONS: Readonly<Record<Outcome, string>> = {
  tp: 'True positive: a prediction matched to a ground-truth box',
  fp: 'False positive: a prediction with no ground-truth box to match',
  fn: 'False negative: a ground-truth box no prediction matched (missed)',
  matchedGt: 'A ground-truth box a prediction matched',
};
