export { DEPOSITED_EVENT, compareDepositLogs, depositId, type DepositLog } from "./deposit-event.js";
export { DepositWatcher, type ChainReader, type DepositRecord, type DepositWatcherOptions, type PollResult, type SubmitRecord } from "./deposit-watcher.js";
export { ChainWatcherError, type ChainWatcherErrorCode } from "./errors.js";
export { WatcherStore, type ProcessedBlock } from "./watcher-store.js";
