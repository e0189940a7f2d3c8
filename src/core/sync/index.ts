export { mergeRevisions, Merger, type MergerOptions } from './merger';
export { blame, changeToReach, diffRecords, diffStates, objectAt, objectHistory, revertOperations, type EntityDiff, type FieldBlame, type FieldDiff, type HistoryOptions, type ObjectTouch, type RevertPlan } from './history';
export type { AddressedRevision, Conflict, ConflictValue, EntityType, MergedState, MergeOptions, PendingRevision, RejectedRevision, WriteInfo } from './types';
