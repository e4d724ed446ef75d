// The TypeScript SDK (docs/sdk.md): sign with any viem account, talk REST and socket.io, typed end to end.
export { RelayerClient, UnknownMarketError, NoSignerError, type ConnectOptions } from "./relayer-client.js";
export {
  RelayerRestClient,
  type Page,
  type Balances,
  type BatchResult,
  type RestClientOptions,
} from "./rest-client.js";
export {
  ExchangeSigner,
  walletClientSigner,
  type TypedDataSigner,
  type WireCancel,
  type WireCancelAll,
  type WireWithdrawal,
} from "./signer.js";
export { limitOrder, OrderBuildError, type LimitOrderParams } from "./order-builder.js";
export { priceToTicks, ticksToPrice } from "./prices.js";
export { BookSubscription, BookSubscriptionError, type BookSubscriptionOptions } from "./book-subscription.js";
export { PrivateSession, PrivateSessionError, type PrivateEvents } from "./private-session.js";
export { RelayerApiError, RelayerTransportError } from "./errors.js";
export type { ApiErrorCode } from "../wire/error-codes.js";
export { verifyInclusionReceipt, type ReceiptCheck, type ReceiptProblem } from "./verify-receipt.js";
export type { PublishedBatch, PublishedBatchOrder, WireInclusionReceipt } from "../wire/published-batch.js";
