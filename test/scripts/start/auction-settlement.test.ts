// The embedded default's proved settlement (scripts/start/auction-settlement.ts) on a real in-process chain: the roles
// are where docs/fairness.md says the guarantee needs them, and the proofs market and the verifier are registered.
import assert from "node:assert/strict";
import { network } from "hardhat";
import type { PublicClient, WalletClient } from "viem";
import { describe, it } from "mocha";
import { MarketRegistry } from "../../../relayer/markets/index.js";
import {
  deployAuctionSettlement,
  EMBEDDED_CIRCUIT_SLOTS,
  missingCircuitArtifacts,
} from "../../../scripts/start/auction-settlement.js";
import { embeddedMarkets } from "../../../scripts/start/demo-market.js";
import { deployExchange } from "../../contracts/fixture.js";

describe("scripts/start: the embedded AuctionSettlement", function () {
  this.timeout(120_000);

  it("gives AuctionSettlement the exchange's AUCTION_SETTLER_ROLE and the auction operator its OPERATOR_ROLE, and registers the proofs market and the N = 32 verifier", async () => {
    const connection = await network.create();
    const f = await deployExchange(connection);
    const { viem } = connection;
    const wbtc = await viem.deployContract("TestToken", ["Wrapped Bitcoin", "WBTC", 8]);
    const auctionOperator = f.traders[7].account.address;
    const markets = MarketRegistry.fromConfig(
      embeddedMarkets({ WETH: f.weth.address, USDC: f.usdc.address, WBTC: wbtc.address }),
    );

    const deployed = await deployAuctionSettlement({
      deployer: f.admin as unknown as WalletClient,
      client: f.publicClient as unknown as PublicClient,
      exchange: f.exchange.address,
      admin: f.admin.account.address,
      auctionOperator,
      markets,
    });

    const auction = await viem.getContractAt("AuctionSettlement", deployed.auctionSettlement);
    const settlerRole = await f.exchange.read.AUCTION_SETTLER_ROLE();
    const exchangeOperatorRole = await f.exchange.read.OPERATOR_ROLE();
    const auctionOperatorRole = await auction.read.OPERATOR_ROLE();
    // Only AuctionSettlement settles auction-only orders; it is not the exchange's operator, and the auction operator
    // is not either (it acts through AuctionSettlement, which checks the proof).
    assert.equal(await f.exchange.read.hasRole([settlerRole, deployed.auctionSettlement]), true);
    assert.equal(await f.exchange.read.hasRole([exchangeOperatorRole, deployed.auctionSettlement]), false);
    assert.equal(await f.exchange.read.hasRole([settlerRole, f.operator.account.address]), false);
    assert.equal(await auction.read.hasRole([auctionOperatorRole, auctionOperator]), true);
    assert.equal(await auction.read.hasRole([auctionOperatorRole, f.operator.account.address]), false);
    assert.equal(String(await auction.read.exchange()).toLowerCase(), f.exchange.address.toLowerCase());

    const wbtcUsdc = markets.byId("WBTC-USDC")!;
    assert.equal(wbtcUsdc.proofs, true);
    // The generated types do not reach these struct getters (test/contracts/auction/settlement.test.ts reads them the same way).
    const [lotSize, tickSize] = (await auction.read.markets([
      await auction.read.marketKey([wbtc.address, f.usdc.address]),
    ])) as readonly unknown[];
    assert.deepEqual([lotSize, tickSize], [wbtcUsdc.engine.lotSize, wbtcUsdc.engine.tickSize]);
    // The continuous market is not an auction market: AuctionSettlement knows nothing of it.
    const [continuousLot] = (await auction.read.markets([
      await auction.read.marketKey([f.weth.address, f.usdc.address]),
    ])) as readonly unknown[];
    assert.equal(continuousLot, 0n);
    const [verifier] = (await auction.read.verifiers([BigInt(EMBEDDED_CIRCUIT_SLOTS)])) as readonly unknown[];
    assert.equal(String(verifier).toLowerCase(), deployed.verifier.toLowerCase());
  });

  it("finds the committed prover files of the circuit it registers, and names the files of a circuit that is not built", () => {
    assert.deepEqual(missingCircuitArtifacts(EMBEDDED_CIRCUIT_SLOTS), []);
    assert.deepEqual(missingCircuitArtifacts(7), [
      "circuits/build/batch-auction-7/batch-auction-7.wasm",
      "circuits/build/batch-auction-7/batch-auction-7.zkey",
    ]);
  });
});
