// The relayer's own errors share one base: whatever module threw, a caller (and the log) finds the stable code, the
// details and the cause in the same place.
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import {
  NativeSecp256k1UnavailableError,
  VerifierPoolClosedError,
  VerifierWorkerError,
  WalletCheckUnavailableError,
} from "../../../relayer/admission/errors.js";
import { ProofFailedError } from "../../../relayer/auction/prover.js";
import { AuctionBatchUnrecordableError } from "../../../relayer/auction/auction-batches.js";
import { ChainWatcherError } from "../../../relayer/chain/errors.js";
import { ConfigError } from "../../../relayer/config/errors.js";
import { ApiError, RateLimitedError } from "../../../relayer/errors/index.js";
import { RelayerError } from "../../../relayer/errors/relayer-error.js";
import { LedgerEngineMismatchError, LedgerSnapshotError } from "../../../relayer/ledger/errors.js";
import { InvalidMarketConfigError } from "../../../relayer/markets/markets.js";
import { CodecError, SequencerError, SnapshotStoreError, WalError } from "../../../relayer/sequencer/errors.js";

const cause = new Error("the underlying fault");
const options = { details: "more depth", cause };

describe("relayer/errors: RelayerError", () => {
  const thrown: [RelayerError | Error, string][] = [
    [new CodecError("CODEC_MALFORMED", "bad record", options), "CODEC_MALFORMED"],
    [new WalError("WAL_WRITE_FAILED", "write failed", options), "WAL_WRITE_FAILED"],
    [new SnapshotStoreError("SNAPSHOT_CORRUPT", "corrupt", options), "SNAPSHOT_CORRUPT"],
    [new SequencerError("SEQUENCER_FAILED", "failed", options), "SEQUENCER_FAILED"],
    [new LedgerEngineMismatchError("mismatch", options), "LEDGER_ENGINE_MISMATCH"],
    [new LedgerSnapshotError("bad snapshot", options), "LEDGER_SNAPSHOT_INVALID"],
    [new NativeSecp256k1UnavailableError(options), "SECP256K1_NATIVE_UNAVAILABLE"],
    [new WalletCheckUnavailableError("0x01", options), "WALLET_CHECK_UNAVAILABLE"],
    [new VerifierWorkerError(options), "VERIFIER_WORKER_FAILED"],
    [new ChainWatcherError("REORG_TOO_DEEP", "too deep", options), "REORG_TOO_DEEP"],
    [new ApiError("INTERNAL_ERROR", "Internal error.", options), "INTERNAL_ERROR"],
    [new ConfigError("RPC_UNREACHABLE", "RPC_URL", "does not answer", options), "RPC_UNREACHABLE"],
    [new ProofFailedError("no proof", options), "AUCTION_PROOF_FAILED"],
  ];

  for (const [error, code] of thrown) {
    it(`carries ${code} with its details and cause on the one base (${error.name})`, () => {
      assert.ok(error instanceof RelayerError, `${error.name} is not a RelayerError`);
      assert.ok(error instanceof Error);
      assert.equal(error.code, code);
      assert.equal(error.cause, cause);
      if (!(error instanceof ConfigError) && !(error instanceof ProofFailedError))
        assert.equal(error.details, "more depth");
    });
  }

  it("keeps the codes of errors that take no details", () => {
    const bare: [Error, string][] = [
      [new VerifierPoolClosedError(), "VERIFIER_POOL_CLOSED"],
      [new RateLimitedError("client", 2), "RATE_LIMITED"],
      [new InvalidMarketConfigError("invalid market config: x"), "INVALID_MARKET_CONFIG"],
      [new AuctionBatchUnrecordableError("cannot record"), "AUCTION_BATCH_UNRECORDABLE"],
    ];
    for (const [error, code] of bare) {
      assert.ok(error instanceof RelayerError, `${error.name} is not a RelayerError`);
      assert.equal(error.code, code);
      assert.equal(error.details, undefined);
      assert.equal(Object.hasOwn(error, "cause"), false, `${error.name} has a cause property without a cause`);
    }
  });

  it("puts an operator error's details in its message, and never an API error's", () => {
    assert.equal(
      new WalError("WAL_FAILED", "the log failed", { details: "disk full" }).message,
      "the log failed\n\nDetails: disk full",
    );
    assert.equal(new ApiError("INVALID_FIELD", "Bad field.", { details: "secret" }).message, "Bad field.");
  });
});
