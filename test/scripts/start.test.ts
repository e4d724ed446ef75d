// `npm start` and `npm run demo` end to end: the start script as a child process (Node 22 + tsx) on free ports with
// its data in a temp dir, the demo against it as the banner says to run it (a continuous trade, then a proved batch
// auction), then a clean stop on SIGTERM.
import assert from "node:assert/strict";
import { mnemonicToAccount } from "viem/accounts";
import { RelayerClient } from "../../relayer/client/index.js";
import { run, startExchange, type StartedExchange } from "./npm-start.js";

const MNEMONIC = "test test test test test test test test test test test junk";
const A = mnemonicToAccount(MNEMONIC, { addressIndex: 3 }).address;

/** The environment a banner line such as `  RELAYER_URL=… CHAIN_RPC_URL=… npm run demo   (…)` sets for `command`. */
function envOf(banner: string, command: string): Record<string, string> {
  const line = banner.split("\n").find((l) => l.includes(`npm run ${command} `));
  assert.ok(line, `no "npm run ${command}" line in:\n${banner}`);
  const prefix = line.slice(0, line.indexOf("npm run")).trim();
  return Object.fromEntries(
    prefix === "" ? [] : prefix.split(/\s+/).map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
  );
}

describe("npm start + npm run demo", function () {
  // A proof takes seconds (tens on a busy 2-core machine): the auction part of each demo run is most of this budget.
  this.timeout(300_000);
  let exchange: StartedExchange | undefined;

  after(async () => {
    await exchange?.cleanup();
  });

  it("says it is compiling, starts chain and relayer, credits the deposits, and prints how to run the demo on its ports", async () => {
    exchange = await startExchange();
    const { banner, relayerUrl, rpcUrl } = exchange;
    assert.match(banner, /… compiling the contracts[^\n]*\n… contracts ready \(\d+ s\)\n… starting the local chain/);
    assert.match(banner, /21 deposits credited/);
    assert.match(banner, new RegExp(`curl -s ${relayerUrl}/v1/info`));
    // The auction market with proofs, its contract and its operator, and how to try it.
    assert.match(banner, /Auction\s+WBTC-USDC: a batch every 3 s, settled only with a proof \(N = 32\)/);
    assert.match(
      banner,
      /AuctionSettlement 0x[0-9a-f]{40}, verifier 0x[0-9a-f]{40}\s+auction operator 0x[0-9a-f]{40} \(test account #10\)/,
    );
    assert.match(banner, new RegExp(`curl -s ${relayerUrl}/v1/orders/<order hash>/receipt`));
    assert.deepEqual(envOf(banner, "demo"), { RELAYER_URL: relayerUrl, CHAIN_RPC_URL: rpcUrl });
    assert.deepEqual(envOf(banner, "market-maker"), { RELAYER_URL: relayerUrl });
  });

  it("runs the demo as the banner prints it, even with RPC_URL exported in the shell: the trade settles on-chain, then a proved auction batch", async () => {
    const demo = run("scripts/demo.ts", {
      ...envOf(exchange!.banner, "demo"),
      RPC_URL: "http://127.0.0.1:9/not-the-demo-chain",
    });
    const code = await demo.exited;
    assert.equal(code, 0, demo.output());
    assert.match(demo.output(), /A: 100 WETH, 300000 USDC/);
    assert.match(demo.output(), /FILL 1 WETH for 3000 USDC \(maker 0x[0-9a-f]{8}… A, taker 0x[0-9a-f]{8}… B\)/);
    assert.match(demo.output(), /settlement final: fills \[\d+\], transaction 0x[0-9a-f]{64}/);
    assert.match(demo.output(), /SETTLED in transaction 0x[0-9a-f]{64}/);
    // After the trade: A sold 1 WETH for 3,000 USDC less the maker fee; B bought it.
    assert.match(demo.output(), /after[\s\S]*A: 99 WETH, 302997 USDC/);
    assert.doesNotMatch(demo.output(), /left open/);
    // The auction part: orders in, batch closed and committed, receipts checked, proof verified on-chain, trades final.
    const auction = demo.output().slice(demo.output().indexOf("batch auction with proofs"));
    assert.ok(auction.length < demo.output().length, demo.output());
    assert.match(auction, /flags 2 \(auction-only: only AuctionSettlement, after checking a proof, can settle it\)/);
    assert.match(auction, /BATCH \d+ closed: 2 orders, cleared 5000 lots at 5990000 ticks \(59900 USDC per WBTC\)/);
    assert.match(
      auction,
      /C's receipt: batch \d+, position 0, signed by 0x[0-9a-f]{40} \(holds the exchange's OPERATOR_ROLE\): valid/,
    );
    assert.match(
      auction,
      /D's receipt: batch \d+, position 1, signed by 0x[0-9a-f]{40} \(holds the exchange's OPERATOR_ROLE\): valid/,
    );
    assert.match(auction, /on-chain commitment of batch \d+ \(AuctionSettlement\.batches\): equals the receipts'/);
    assert.match(auction, /BatchClosed in transaction 0x[0-9a-f]{64}, block \d+/);
    assert.match(
      auction,
      /PROOF VERIFIED ON-CHAIN: AuctionSettled\(batch \d+, price 5990000, reference \d+\) in transaction 0x[0-9a-f]{64}/,
    );
    assert.match(auction, /settlement final: fills \[\d+\], transaction 0x[0-9a-f]{64}/);
    // C sold 0.5 WBTC at the clearing price 59,900 USDC (29,950 USDC less the maker fee of 10 bps); D bought it.
    assert.match(auction, /after[\s\S]*C: 9\.5 WBTC, 329920\.05 USDC/);
    assert.match(auction, /curl -s \S+\/v1\/orders\/0x[0-9a-f]{64}\/receipt/);
  });

  it("reports its chain and settlement: /health (liveness) and /ready (load balancers)", async () => {
    const { relayerUrl } = exchange!;
    const health = (await (await fetch(`${relayerUrl}/health`)).json()) as {
      status: string;
      chain: { status: string; head: string };
      settlement: { status: string };
    };
    assert.deepEqual(
      [health.status, health.chain.status, health.settlement.status],
      ["ok", "ok", "ok"],
      JSON.stringify(health),
    );
    assert.match(health.chain.head, /^\d+$/);
    assert.equal((await fetch(`${relayerUrl}/ready`)).status, 200);
  });

  it("names the real maker when another account's cheaper ask fills B, and leaves none of A's sell open after Done", async () => {
    // Test account #6 asks 2,990 USDC for 1 WETH: B's buy at 3,000 takes it before A's sell at 3,000.
    const other = await RelayerClient.connect(exchange!.relayerUrl, mnemonicToAccount(MNEMONIC, { addressIndex: 6 }));
    try {
      await other.place("WETH-USDC", { side: "sell", lots: 1000n, priceTicks: 299_000n });
      const demo = run("scripts/demo.ts", envOf(exchange!.banner, "demo"));
      assert.equal(await demo.exited, 0, demo.output());
      const output = demo.output();
      assert.match(
        output,
        new RegExp(
          `FILL 1 WETH for 2990 USDC \\(maker 0x[0-9a-f]{8}… ${other.signer.maker.toLowerCase()}, not A, taker`,
        ),
      );
      assert.doesNotMatch(output, /… A, taker/);
      assert.match(
        output,
        /A's sell: 1 WETH was left open \(another account's order filled the other side\): cancelled/,
      );
      assert.match(output, /Done/);
      for (const status of ["open", "partially-filled"])
        assert.deepEqual((await other.rest.listOrders({ maker: A, status })).items, []);
    } finally {
      other.close();
    }
  });

  it("stops everything on Ctrl-C/SIGTERM", async () => {
    assert.equal(await exchange!.stop(), 0, exchange!.start.output());
    assert.match(exchange!.start.output(), /stopping the relayer, the deposit watcher and the chain/);
  });

  it("says that RPC_URL chose the real-chain mode when its settings are missing", async () => {
    const start = run("scripts/start.ts", { RPC_URL: "http://127.0.0.1:8545", EXCHANGE_ADDRESS: undefined });
    assert.equal(await start.exited, 1, start.output());
    assert.match(start.output(), /configuration error \(CONFIG_MISSING\): EXCHANGE_ADDRESS: is not set/);
    assert.match(
      start.output(),
      /RPC_URL is set, so npm start runs against that chain and needs its settings \(docs\/operations\.md\)\. For the embedded local chain, unset RPC_URL/,
    );
  });
});
