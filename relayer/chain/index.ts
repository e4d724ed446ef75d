export { DEPOSITED_EVENT, depositId } from "./deposit-event.js";
export {
  compareChainLogs,
  eventId,
  EXIT_CANCELLED_EVENT,
  EXIT_REQUESTED_EVENT,
  NONCE_FLOOR_REQUESTED_EVENT,
  ORDER_CANCEL_REQUESTED_EVENT,
  WATCHED_EVENTS,
  type ChainEventLog,
  type ChainEventRecord,
} from "./exchange-events.js";
export {
  ChainWatcher,
  type ChainReader,
  type ChainWatcherOptions,
  type PollResult,
  type SubmitRecord,
  type WatcherRecord,
} from "./chain-watcher.js";
export { ChainWatcherError, type ChainWatcherErrorCode } from "./errors.js";
export { WatcherStore, type ProcessedBlock } from "./watcher-store.js";
export {
  ChainHealth,
  DEFAULT_CHAIN_POLL_MS,
  DEFAULT_CHAIN_STALE_AFTER_MS,
  type ChainHealthOptions,
  type ChainState,
} from "./chain-health.js";
