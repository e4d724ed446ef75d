// `npm run market-maker` as a user runs it: the script as a child process against `npm start` (itself a child on free
// ports), its quotes read back from the relayer's REST book.
import assert from "node:assert/strict";
import { mnemonicToAccount } from "viem/accounts";
import { RelayerClient } from "../../relayer/client/index.js";
import { run, startExchange, waitFor, type StartedExchange } from "./npm-start.js";

const MNEMONIC = "test test test test test test test test test test test junk";

describe("npm run market-maker", function () {
  this.timeout(300_000);
  let exchange: StartedExchange | undefined;
  let other: RelayerClient | undefined;
  const makers: ReturnType<typeof run>[] = [];
  const marketMaker = (env: Record<string, string>) => {
    const mm = run("scripts/market-maker.ts", { RELAYER_URL: exchange!.relayerUrl, ...env });
    makers.push(mm);
    return mm;
  };

  before(async () => {
    exchange = await startExchange();
  });

  after(async () => {
    for (const mm of makers) if (mm.child.exitCode === null) mm.child.kill("SIGKILL");
    other?.close();
    await exchange?.cleanup();
  });

  async function book(): Promise<{ bids: number[]; asks: number[] }> {
    const res = await fetch(`${exchange!.relayerUrl}/v1/markets/WETH-USDC/book`);
    const json = (await res.json()) as { bids: { priceTicks: number }[]; asks: { priceTicks: number }[] };
    return { bids: json.bids.map((l) => l.priceTicks), asks: json.asks.map((l) => l.priceTicks) };
  }

  async function stopped(mm: ReturnType<typeof run>): Promise<string> {
    mm.child.kill("SIGTERM");
    assert.equal(await mm.exited, 0, mm.output());
    return mm.output();
  }

  it("quotes around REFERENCE_PRICE, read in USDC per WETH, when the book has no other orders", async () => {
    const mm = marketMaker({ REFERENCE_PRICE: "2500.5", LEVELS: "2", SPREAD_TICKS: "10", REFRESH_MS: "60000" });
    await waitFor(mm, "round 1:", 60_000);
    // 2500.5 USDC per WETH is 250,050 ticks of 0.01 USDC; the levels are 10 ticks (0.10 USDC) apart.
    assert.deepEqual(await book(), { bids: [250_040, 250_030], asks: [250_060, 250_070] });
    const output = await stopped(mm);
    assert.match(
      output,
      /round 1: reference 2500\.5 USDC per WETH \(REFERENCE_PRICE\), 4 quotes placed \(bids 2500\.4, 2500\.3; asks 2500\.6, 2500\.7\)/,
    );
    assert.match(output, /stopped: 4 quotes cancelled/);
    assert.deepEqual(await book(), { bids: [], asks: [] });
  });

  it("refuses a REFERENCE_PRICE between two ticks, saying why", async () => {
    const mm = marketMaker({ REFERENCE_PRICE: "3000.005" });
    assert.equal(await mm.exited, 1);
    assert.match(
      mm.output(),
      /REFERENCE_PRICE: price: 3000\.005 USDC per WETH falls between ticks \(a tick is 0\.01\)/,
    );
  });

  it("follows the mid of other makers' orders, not its own cancelled quotes, when the book moves between rounds", async () => {
    // Test account #6 rests a bid at 3,100 and an ask at 3,300 USDC per WETH: the mid is 3,200.
    other = await RelayerClient.connect(exchange!.relayerUrl, mnemonicToAccount(MNEMONIC, { addressIndex: 6 }));
    await other.place("WETH-USDC", { side: "buy", lots: 2n, priceTicks: 310_000n });
    await other.place("WETH-USDC", { side: "sell", lots: 2n, priceTicks: 330_000n });

    const mm = marketMaker({ LEVELS: "1", REFRESH_MS: "3000" });
    await waitFor(mm, "round 1:", 60_000);
    assert.match(mm.output(), /round 1: reference 3200 USDC per WETH \(the book's mid\)/);
    assert.deepEqual(await book(), { bids: [319_995, 310_000], asks: [320_005, 330_000] });

    // #6 adds an ask at 3,250: the others' mid is now 3,175, while the maker's own quotes still sit around 3,200.
    await other.place("WETH-USDC", { side: "sell", lots: 2n, priceTicks: 325_000n });
    await waitFor(mm, "round 2:", 60_000);
    assert.deepEqual(await book(), { bids: [317_495, 310_000], asks: [317_505, 325_000, 330_000] });
    const output = await stopped(mm);
    assert.match(output, /round 2: reference 3175 USDC per WETH \(the book's mid\)/);
  });
});
