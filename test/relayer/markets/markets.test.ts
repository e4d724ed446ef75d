// The market registry: built from a plain config, looked up by id, engine id and token pair, shown JSON-safe.
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import { getAddress } from "viem";
import { EIP712_TYPES } from "../../../protocol/index.js";
import { infoView } from "../../../relayer/markets/info.js";
import { InvalidMarketConfigError, MarketRegistry } from "../../../relayer/markets/markets.js";
import { USDC, WETH } from "../orders/fixtures.js";
import { CONFIG, registry, WBTC } from "./markets-fixture.js";

/** The config with one change to its first market. */
function withFirst(change: Record<string, unknown>): unknown {
  return { markets: [{ ...CONFIG.markets[0], ...change }, CONFIG.markets[1]] };
}

describe("relayer/orders: market registry", () => {
  it("builds the engine's market definition from the config, amounts as bigints", () => {
    const m = registry().byId("WETH-USDC")!;
    assert.deepEqual(m.engine, {
      id: 1,
      baseToken: WETH,
      quoteToken: USDC,
      lotSize: 10n ** 15n,
      tickSize: 1000n,
      minSize: 10,
      makerFeeBps: 10,
      takerFeeBps: 20,
      mode: "continuous",
      maxPriceTicks: 1_000_000,
    });
    assert.equal(registry().byId("WBTC-USDC")!.engine.minSize, 1, "minSize defaults to one lot");
  });

  it("finds a market by id, by engine id and by its token pair in any letter case, never by the reversed pair", () => {
    const r = registry();
    assert.equal(r.byEngineId(2)?.id, "WBTC-USDC");
    assert.equal(r.byPair(getAddress(WETH), USDC.toUpperCase().replace("0X", "0x"))?.id, "WETH-USDC");
    assert.equal(r.byPair(USDC, WETH), undefined);
    assert.equal(r.byId("weth-usdc"), undefined);
    assert.equal(r.byEngineId(3), undefined);
    assert.deepEqual(
      r.engineMarkets().map((m) => m.id),
      [1, 2],
    );
  });

  it("shows the markets JSON-safe for GET /v1/info: bigints as decimal strings, nothing lost through JSON", () => {
    const view = registry().infoView();
    assert.deepEqual(JSON.parse(JSON.stringify(view)), view);
    assert.deepEqual(view[0], {
      id: "WETH-USDC",
      engineId: 1,
      base: { symbol: "WETH", address: WETH, decimals: 18 },
      quote: { symbol: "USDC", address: USDC, decimals: 6 },
      lotSize: "1000000000000000",
      tickSize: "1000",
      minSize: 10,
      minBaseAmount: "10000000000000000",
      maxPriceTicks: 1_000_000,
      makerFeeBps: 10,
      takerFeeBps: 20,
      mode: "continuous",
      proofs: false,
    });
  });

  it("switches proofs on per auction market (default off), shows it in GET /v1/info, and keeps it out of the engine", () => {
    const config = { markets: [CONFIG.markets[0], { ...CONFIG.markets[1], proofs: true }] };
    const r = MarketRegistry.fromConfig(config);
    assert.deepEqual(
      r.list().map((m) => [m.id, m.proofs]),
      [
        ["WETH-USDC", false],
        ["WBTC-USDC", true],
      ],
    );
    assert.deepEqual(
      r.infoView().map((m) => m.proofs),
      [false, true],
    );
    assert.equal("proofs" in r.byId("WBTC-USDC")!.engine, false);
  });

  it("gives GET /v1/info the chain, the exchange, the EIP-712 domain and every type, and the time it is given", () => {
    const exchange = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    const info = infoView({ chainId: 31337, exchange, markets: registry(), serverTime: 1_700_000_000 });
    assert.deepEqual(JSON.parse(JSON.stringify(info)), info);
    assert.deepEqual(info.eip712.domain, {
      name: "HybridExchange",
      version: "1",
      chainId: 31337,
      verifyingContract: exchange.toLowerCase(),
    });
    assert.deepEqual(Object.keys(info.eip712.types).sort(), [
      "CancelAll",
      "CancelOrder",
      "EIP712Domain",
      "Order",
      "Withdrawal",
    ]);
    assert.deepEqual(info.eip712.types.Order, EIP712_TYPES.Order);
    assert.equal(info.serverTime, 1_700_000_000);
    assert.equal(info.markets.length, 2);
  });

  it("names the AuctionSettlement contract in GET /v1/info (lower case) when proofs markets settle through one, null otherwise", () => {
    const exchange = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    const auctionSettlement = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
    assert.equal(infoView({ chainId: 31337, exchange, markets: registry(), serverTime: 0 }).auctionSettlement, null);
    assert.equal(
      infoView({ chainId: 31337, exchange, markets: registry(), serverTime: 0, auctionSettlement }).auctionSettlement,
      auctionSettlement.toLowerCase(),
    );
  });

  const bad: [string, unknown][] = [
    ["a market without lotSize", withFirst({ lotSize: undefined })],
    ["a zero tickSize", withFirst({ tickSize: "0" })],
    ["a lotSize written as a float", withFirst({ lotSize: "1e15" })],
    ["a fee above 100%", withFirst({ takerFeeBps: 10_001 })],
    ["an unknown mode", withFirst({ mode: "hybrid" })],
    ["a minimum size of zero lots", withFirst({ minSize: 0 })],
    ["maxPriceTicks beyond the engine's limit", withFirst({ maxPriceTicks: 2 ** 26 + 1 })],
    ["an unknown field", withFirst({ fee: 1 })],
    ["the same token as base and quote", withFirst({ base: { symbol: "USDC", address: USDC, decimals: 6 } })],
    ["a duplicate market id", withFirst({ id: "WBTC-USDC" })],
    ["a duplicate engine id", withFirst({ engineId: 2 })],
    [
      "the same pair listed twice",
      withFirst({ base: { symbol: "WBTC", address: WBTC.toUpperCase().replace("0X", "0x"), decimals: 8 } }),
    ],
    ["no markets", { markets: [] }],
    ["proofs on a continuous market", withFirst({ proofs: true })],
    ["proofs that are not a boolean", { markets: [CONFIG.markets[0], { ...CONFIG.markets[1], proofs: "yes" }] }],
  ];
  for (const [what, config] of bad) {
    it(`refuses to start with ${what}`, () => {
      assert.throws(() => MarketRegistry.fromConfig(config), InvalidMarketConfigError);
    });
  }
});
