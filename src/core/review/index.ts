export * from './schema';
export { assignedFrameIndices, overlapCount, seedOf, splitAssignment, type AnnotatorShare, type AssignmentSplit, type SplitFrame } from './split';
export { activeAssignments, commentThreads, latestVerdicts, queueFor, type QueueComment, type ReviewState, type WorkItem } from './queue';
export { sceneComments, type CommentReader } from './sceneComments';
export { assignmentCandidates, isJudged, reviewQueue, withItemScores, STRATA, type ItemScore, type ReviewCandidate, type Sampling, type Stratum } from './reviewQueue';
export { assignmentJsonSchema, commentJsonSchema, reviewJsonSchema } from './jsonSchema';
