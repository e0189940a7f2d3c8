/**
 * Agreement between annotators on 3D boxes and tracks (issue 12): overlap, matching, per-pair
 * metrics, reliability coefficients, track metrics and consensus. Pure; runs in a worker.
 */
export type { AgreementBox, AgreementInput, AnnotatorLabels } from './types';
export { agreementBoxOf, annotatorLabelsOf } from './fromRecords';
export { bevIntersection, bevIouOf, centreDistance, iou3dOf, overlapInto, overlapOf, zOverlap, type PairOverlap, type UprightBox } from './boxOverlap';
export { hungarian } from './hungarian';
export {
  BoxIndex,
  candidatePairs,
  defaultThreshold,
  matchBoxes,
  matchCandidates,
  pairThreshold,
  type BoxMatch,
  type FrameMatch,
  type MatchMetric,
  type MatchOptions,
} from './matching';
export { circularMean, wrapAngle, yawDifference, type YawPeriod } from './angles';
export { PairAccumulator, IOU_BINS, ERROR_BINS, CENTRE_ERROR_BIN, YAW_ERROR_BIN, type ClassMetrics, type ConfusionMatrix, type DetectionMetrics, type PairMetrics, type PairMetricsOptions } from './pairMetrics';
export { ReliabilityAccumulator, fleissKappa, fleissKappaOfValues, krippendorffAlpha, type AlphaLevel, type AlphaResult, type CodedValue, type KappaResult } from './reliability';
export { HOTA_ALPHAS, TrackAccumulator, TrackTable, type HotaMetrics, type TrackMetrics, type TrackMetricsOptions } from './trackMetrics';
export {
  canonicalBoxes,
  consensusOfFrame,
  defaultQuorum,
  type ConsensusBox,
  type ConsensusFrame,
  type ConsensusOptions,
  type Replica,
  type ReplicaBox,
  type ReviewItem,
} from './consensus';
export {
  AgreementCancelledError,
  AgreementRun,
  computeAgreement,
  type AgreementHooks,
  type AgreementOptions,
  type AgreementProgress,
  type AgreementResult,
  type AttributeReliability,
  type FrameFigures,
  type ReliabilityFigures,
} from './computeAgreement';
