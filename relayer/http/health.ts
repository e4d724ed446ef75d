// GET /health and GET /ready. /health: the process answers, how far the sequencer is, which native crypto admission
// loaded, and with a chain configured whether the node answers (relayer/chain/chain-health.ts) and how far settlement
// lags. A sequencer that is closed or has failed makes the relayer unable to admit anything: 503. A chain outage or a
// settlement stall leaves /health at 200 (the book still takes orders; restarting the process would not help) with
// `status: "degraded"` and the part at fault, so an operator sees it. /ready is the load balancer's question: the same
// report with 200 only when everything is ok, else 503 naming the part at fault, so a relayer whose trades cannot
// settle is taken out.
import { Router, type Response } from "express";
import type { ChainState } from "../chain/chain-health.js";
import { ApiError, toResponseBody } from "../errors/index.js";
import type { CryptoInfo } from "../open-services.js";

export interface SettlementHealth {
  readonly status: "ok" | "stalled";
  /** Age of the oldest matched fill that is not final yet (0 when none), as relayer_settlement_lag_seconds. */
  readonly lagSeconds: number;
  /** Fills matched and not yet in a batch. */
  readonly queuedFills: number;
}

/** The settler's figures `settlementHealth` reads. */
export interface SettlementFigures {
  lagSeconds(): number;
  readonly queuedFills: number;
}

/** Settlement lags more than this: stalled. Well above N confirmations of a slow chain (12 × 12 s) plus a few polls. */
export const DEFAULT_SETTLEMENT_LAG_LIMIT_SECONDS = 300;

export function settlementHealth(
  settler: SettlementFigures,
  lagLimitSeconds = DEFAULT_SETTLEMENT_LAG_LIMIT_SECONDS,
): SettlementHealth {
  const lagSeconds = settler.lagSeconds();
  return { status: lagSeconds > lagLimitSeconds ? "stalled" : "ok", lagSeconds, queuedFills: settler.queuedFills };
}

export interface HealthSources {
  lastSeq: () => number;
  crypto: CryptoInfo;
  /** Without a chain (no settler, no watcher) there is none. */
  chain?: () => ChainState;
  settlement?: () => SettlementHealth;
}

/** What /ready's 503 names: the part at fault. */
type Fault = "sequencer" | "chain" | "settlement";

interface Report {
  status: "ok" | "degraded";
  sequencer: { lastSeq: number };
  crypto: CryptoInfo;
  chain?: ChainState;
  settlement?: SettlementHealth;
  /** The first part at fault, for /ready's 503. */
  fault: Fault | null;
}

export function healthRouter(sources: HealthSources): Router {
  const router = Router();
  router.get("/health", (_req, res) => {
    const report = reportOf(sources);
    if (report === null) return unavailable(res, "sequencer");
    const { fault: _fault, ...body } = report;
    res.json(body);
  });
  router.get("/ready", (_req, res) => {
    const report = reportOf(sources);
    if (report === null) return unavailable(res, "sequencer");
    if (report.fault !== null) return unavailable(res, report.fault);
    const { fault: _fault, ...body } = report;
    res.json(body);
  });
  return router;
}

/** The report, or null when the sequencer is closed or failed. */
function reportOf(sources: HealthSources): Report | null {
  let lastSeq: number;
  try {
    lastSeq = sources.lastSeq();
  } catch {
    return null;
  }
  const chain = sources.chain?.();
  const settlement = sources.settlement?.();
  const fault = chain?.status === "unreachable" ? "chain" : settlement?.status === "stalled" ? "settlement" : null;
  return {
    status: fault === null ? "ok" : "degraded",
    sequencer: { lastSeq },
    crypto: sources.crypto,
    ...(chain === undefined ? {} : { chain }),
    ...(settlement === undefined ? {} : { settlement }),
    fault,
  };
}

const FAULTS: Record<Fault, string> = {
  sequencer: "The sequencer is not taking commands.",
  chain: "The chain is unreachable.",
  settlement: "Settlement is stalled.",
};

/** 503 with the API's fixed 5xx message; `reason` says which part is at fault (its figures are in /health). */
function unavailable(res: Response, reason: Fault): void {
  const error = new ApiError("SERVICE_UNAVAILABLE", FAULTS[reason]);
  res.status(error.status).json({ status: "unavailable", ...toResponseBody(error), reason });
}
