// GET /v1/balances/:address: the ledger's view of an account, per token (every non-zero balance), amounts as
// decimal strings in token units. `available` is what new orders and withdrawals can use.
import { Router } from "express";
import type { LedgerView } from "../sequencer/index.js";
import { addressParam } from "./query.js";
import type { BalanceEntry } from "../wire/balances.js";

export type { BalanceEntry };

export function balancesRouter(deps: { ledger: () => LedgerView["ledger"]; lastSeq: () => number }): Router {
  const router = Router();
  router.get("/v1/balances/:address", (req, res) => {
    const address = addressParam(req.params.address, "address");
    const balances: BalanceEntry[] = deps
      .ledger()
      .balancesOf(address)
      .map(([token, b]) => ({
        token,
        deposited: b.deposited.toString(),
        available: b.available.toString(),
        locked: b.locked.toString(),
        pendingIn: b.pendingIn.toString(),
        pendingOut: b.pendingOut.toString(),
      }));
    res.json({ address, seq: deps.lastSeq(), balances });
  });
  return router;
}
