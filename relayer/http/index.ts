/** The relayer's HTTP routers and error mapping; wired once in relayer/app.ts. */
export { errorHandler, faultLog, notFound, requestIdOf, type ErrorLog, type RequestContext } from "./errors.js";
export { healthRouter } from "./health.js";
export { metricsRouter } from "./metrics.js";
export { infoRouter } from "./info.js";
export { ordersRouter } from "./orders.js";
export { marketsRouter, MAX_BOOK_DEPTH, type Level } from "./markets.js";
export { cancelRouter } from "./cancel.js";
export { balancesRouter } from "./balances.js";
export { readsRouter, MAX_LIST_LIMIT } from "./reads.js";
export { withdrawalsRouter } from "./withdrawals.js";
export { orderBatchRouter, BATCH_BODY_LIMIT_BYTES } from "./order-batch.js";
export {
  DEFAULT_RATE_LIMITS,
  RateLimits,
  TokenBuckets,
  type BucketConfig,
  type RateLimitConfig,
} from "./rate-limit.js";
export { orderPostRoute, type OrderPostRoute } from "./order-post-route.js";
