// Every error code the API can answer with, and its HTTP status: the one table clients, docs/api-errors.md and the
// error middleware agree on. A code is a promise to clients, so codes are never renamed or given another status;
// the message may change, the code may not. The compiler refuses a code without a status.
// No imports: the SDK (relayer/client/) types its errors' `code` with ApiErrorCode from here, and must not pull in
// server modules with it. The signature codes are admission's (relayer/admission/rejections.ts); the compiler checks
// that each one is listed here where refusals.ts answers with them.

export const ERROR_STATUS = {
  // 400: the request itself is malformed; `field` says where.
  MALFORMED_JSON: 400,
  // 400: a path segment is not valid percent-encoded UTF-8 (e.g. /v1/orders/%E0%A4%A).
  MALFORMED_PATH: 400,
  INVALID_FIELD: 400,
  UNKNOWN_FIELD: 400,

  // 401: the signature does not authorise the message (the contract's rules, relayer/admission/rejections.ts).
  MAKER_ZERO_ADDRESS: 401,
  SIGNATURE_MALFORMED: 401,
  SIGNATURE_HIGH_S: 401,
  SIGNATURE_BAD_V: 401,
  SIGNATURE_UNRECOVERABLE: 401,
  SIGNATURE_WRONG_SIGNER: 401,
  WALLET_REFUSED: 401,

  // 401: socket.io sessions (relayer/ws/): a private event before login, or a login challenge that is unknown
  // (never issued to this socket, or already used) or past its expiresAt.
  NOT_AUTHENTICATED: 401,
  CHALLENGE_NOT_FOUND: 401,
  CHALLENGE_EXPIRED: 401,

  // 403: a socket.io session may place only orders whose maker is its logged-in address.
  MAKER_NOT_SESSION_ACCOUNT: 403,

  // 404: the named order is not (or not any more, or not the signer's) on the book; or no such endpoint.
  ORDER_NOT_FOUND: 404,
  NOT_FOUND: 404,
  // 404: no withdrawal with this id was requested here.
  WITHDRAWAL_NOT_FOUND: 404,
  // 404: no settlement batch with this id (GET /v1/settlements/:batchId).
  SETTLEMENT_NOT_FOUND: 404,
  // 404: no closed auction batch with this id in this market (GET /v1/auctions/:market/batches/:id).
  AUCTION_BATCH_NOT_FOUND: 404,
  // 404: the order was in no closed auction batch (GET /v1/orders/:hash/receipt).
  RECEIPT_NOT_FOUND: 404,

  // 409: the same signed order (same hash) was already admitted.
  DUPLICATE_ORDER: 409,
  // 409: a cancel-all whose issuedAt is not newer than the maker's last applied cancel-all (a replay).
  CANCEL_ALL_REPLAYED: 409,
  // 409: the same signed withdrawal (same EIP-712 hash) was already requested.
  DUPLICATE_WITHDRAWAL: 409,
  // 409: a socket.io session that is already logged in.
  ALREADY_AUTHENTICATED: 409,

  // 413: the body is larger than the relayer reads.
  PAYLOAD_TOO_LARGE: 413,

  // 422: well-formed and signed, but a market or business rule refuses it.
  UNKNOWN_MARKET: 422,
  OFF_LOT: 422,
  OFF_TICK: 422,
  BELOW_MINIMUM: 422,
  SIZE_OUT_OF_RANGE: 422,
  PRICE_OUT_OF_RANGE: 422,
  EXPIRED: 422,
  INVALID_EXPIRY: 422,
  UNSUPPORTED_ORDER_TYPE: 422,
  POST_ONLY_NOT_ALLOWED: 422,
  NOT_SUPPORTED_IN_AUCTION: 422,
  // 422: the AUCTION_ONLY flag (2) does not match the market: missing in a market with proofs, set in one without.
  AUCTION_ONLY_REQUIRED: 422,
  AUCTION_ONLY_NOT_ACCEPTED: 422,
  FEE_CAP_TOO_LOW: 422,
  INSUFFICIENT_BALANCE: 422,
  POST_ONLY_WOULD_TAKE: 422,
  STOP_WOULD_TRIGGER: 422,
  ISSUED_AT_IN_FUTURE: 422,
  UNKNOWN_TOKEN: 422,
  // 422: the chain refuses the maker's orders (relayer/errors/refusals.ts): an exit request in force, an
  // on-chain cancel of this order's hash, a nonce below the on-chain nonce floor.
  ACCOUNT_EXITING: 422,
  ORDER_CANCELLED_ONCHAIN: 422,
  NONCE_BELOW_FLOOR: 422,
  // 422: the maker already used the order's nonce (relayer/ledger/order-nonces.ts).
  NONCE_USED: 422,

  // 429: too many requests from this client.
  RATE_LIMITED: 429,

  // 5xx: ours, never the client's; the message says nothing about why.
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const satisfies Record<string, 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 500 | 503>;

export type ApiErrorCode = keyof typeof ERROR_STATUS;
export type ApiErrorStatus = (typeof ERROR_STATUS)[ApiErrorCode];

export function statusOf(code: ApiErrorCode): ApiErrorStatus {
  return ERROR_STATUS[code];
}

export function isApiErrorCode(code: string): code is ApiErrorCode {
  return Object.hasOwn(ERROR_STATUS, code);
}
