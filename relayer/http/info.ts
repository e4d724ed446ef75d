// GET /v1/info: chain, exchange, EIP-712 domain and types, markets, the AuctionSettlement contract and server time
// (relayer/markets/info.ts).
import { Router } from "express";
import type { Address } from "viem";
import { infoView, type MarketRegistry } from "../markets/index.js";

export function infoRouter(deps: {
  chainId: number;
  exchange: Address;
  markets: MarketRegistry;
  clock: () => number;
  auctionSettlement?: Address;
}): Router {
  const router = Router();
  router.get("/v1/info", (_req, res) => {
    res.json(
      infoView({
        chainId: deps.chainId,
        exchange: deps.exchange,
        markets: deps.markets,
        serverTime: deps.clock(),
        auctionSettlement: deps.auctionSettlement,
      }),
    );
  });
  return router;
}
