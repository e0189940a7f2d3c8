export { mergeRevisions, Merger, type MergerOptions } from './merger';
export type { AddressedRevision, Conflict, ConflictValue, EntityType, MergedState, MergeOptions, PendingRevision, RejectedRevision, WriteInfo } from './types';
