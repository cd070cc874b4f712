// The public face of the storage layer: the rest of the app imports from here only.

export { openDatabase, database, DEFAULT_DATABASE_NAME, PisoDatabase, withReopen, beforeUpgradeClose } from './database';
export type { OpenOptions, MetaEntry } from './database';
export { startDatabase } from './start';
export { StorageUnavailableError, RecordNotFoundError, isQuotaError, isConnectionLost } from './errors';
export type { StorageUnavailableReason } from './errors';
export { Repository } from './repository';
export type { GetOptions } from './repository';
export { projects, outcomes, repo } from './repositories';
export { applyMerged } from './apply-merged';
export type { ApplyOptions, MergeSummary } from './apply-merged';
export { seedOnce } from './seed';
export { live } from './live.svelte';
export type { Live } from './live.svelte';
export { liveProjects, liveProject, liveOutcomes } from './live-queries';
export { LATEST_VERSION, TABLE_OF_KIND } from './schema';
export * from './survey-screens';
export * from './responses';
export { markBackedUp, lastBackup, oldestUnsavedChange } from './backup';
export { responsesOfForm } from './response-export';
export * from './indicator-queries';
export { currentSeq, markBookkeeping } from './change-seq';
export { recordsAfter, recordsChangedBetween, recordById, countRecords, changeSnapshot, deviceIdOf } from './record-scan';
export { readMeta, writeMeta, deleteMeta, raiseMetaNumber } from './meta';
export { countUnpushed, unpushedIds, recordsByIds, markPushed, markEverythingUnsynced, markBackedUpIfAllPushed } from './sync-store';
export { startIndicatorWorker } from './indicator-worker-client';
export type { IndicatorWorker } from './indicator-worker-client';
export { maxClockAheadHours, setMaxClockAheadHours, DEFAULT_MAX_AHEAD_HOURS, stampInMemory } from './clock';
