// The relayer's services with a chain watcher on a real Hardhat chain: signed orders admitted through OrderService,
// on-chain cancels, nonce floors and exits seen by the watcher; the order index (the REST read model) shows the
// orders as cancelled, and admission refuses with the stable API codes.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { network } from "hardhat";
import { hashOrder, type Order } from "../../../protocol/index.js";
import { ApiError } from "../../../relayer/errors/index.js";
import { toWireSignedOrder } from "../../../relayer/orders/index.js";
import { openServices, type Services } from "../../../relayer/open-services.js";
import { demoMarkets } from "../../../scripts/start/demo-market.js";
import { ONE_USDC } from "../../contracts/fixture.js";
import { deployWatched, deposit, type Watched } from "./helpers.js";

const connection = await network.create();
const { networkHelpers } = connection;
const fixture = () => deployWatched(connection);

describe("services with a chain watcher: on-chain controls reach the order index and admission", () => {
  let f: Watched;
  let dir: string;
  let services: Services;
  let alice: Watched["traders"][number];

  /** A buy of `lots` × 0.001 WETH at 3,000 USDC per WETH (demo market: lot 10^15, tick 10). */
  const buy = (nonce: bigint, lots = 2n): Order =>
    f.order(alice.account.address, {
      baseAmount: lots * 10n ** 15n,
      quoteAmount: lots * 300_000n * 10n,
      nonce,
      maxFeeBps: 30,
    });
  const place = async (o: Order) => services.orders.place(toWireSignedOrder(await f.sign(alice, o)));
  const mined = async (write: Promise<`0x${string}`>) =>
    f.publicClient.waitForTransactionReceipt({ hash: await write });
  const refusal = async (o: Order) =>
    place(o).then(
      () => assert.fail("admitted"),
      (e: unknown) => (assert.ok(e instanceof ApiError), e.code),
    );

  beforeEach(async () => {
    f = await networkHelpers.loadFixture(fixture);
    alice = f.traders[0];
    dir = await mkdtemp(join(tmpdir(), "chain-services-test-"));
    services = await openServices({
      dataDir: dir,
      chainId: await f.publicClient.getChainId(),
      exchange: f.exchange.address,
      markets: demoMarkets({ WETH: f.weth.address, USDC: f.usdc.address }),
      clock: () => 1_000,
      depositWatcher: { client: f.publicClient, confirmations: 1, fromBlock: f.fromBlock },
    });
    await deposit(f, alice, f.usdc, 100_000n * ONE_USDC);
    assert.deepEqual((await services.depositWatcher!.pollOnce()).credited.length, 1);
  });
  afterEach(async () => {
    await services?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("shows an order cancelled on-chain as cancelled", async () => {
    const o = buy(1n);
    const placed = await place(o);
    assert.equal(placed.status, "open");
    await mined(f.exchange.write.cancelOrder([placed.orderHash], { account: alice.account }));
    await services.depositWatcher!.pollOnce();
    assert.equal(services.orders.get(placed.orderHash).status, "cancelled");
    assert.equal(placed.orderHash, hashOrder(f.domain, o));
  });

  it("refuses an order whose hash was cancelled on-chain before it was submitted with ORDER_CANCELLED_ONCHAIN", async () => {
    const o = buy(2n);
    await mined(f.exchange.write.cancelOrder([hashOrder(f.domain, o)], { account: alice.account }));
    await services.depositWatcher!.pollOnce();
    assert.equal(await refusal(o), "ORDER_CANCELLED_ONCHAIN");
    assert.equal(services.index.get(hashOrder(f.domain, o)), undefined, "a refused order leaves no entry");
  });

  it("cancels orders below an on-chain nonce floor and refuses new ones with NONCE_BELOW_FLOOR", async () => {
    const low = await place(buy(3n));
    const high = await place(buy(9n));
    await mined(f.exchange.write.cancelUpToNonce([5n], { account: alice.account }));
    await services.depositWatcher!.pollOnce();
    assert.deepEqual(
      [services.orders.get(low.orderHash).status, services.orders.get(high.orderHash).status],
      ["cancelled", "open"],
    );
    assert.equal(await refusal(buy(4n)), "NONCE_BELOW_FLOOR");
  });

  it("cancels an exiting account's orders and refuses its new ones with ACCOUNT_EXITING until ExitCancelled", async () => {
    const placed = await place(buy(1n));
    await mined(f.exchange.write.requestExit([], { account: alice.account }));
    await services.depositWatcher!.pollOnce();
    assert.equal(services.orders.get(placed.orderHash).status, "cancelled");
    assert.equal(await refusal(buy(2n)), "ACCOUNT_EXITING");
    await mined(f.exchange.write.cancelExit([], { account: alice.account }));
    await services.depositWatcher!.pollOnce();
    assert.equal((await place(buy(2n))).status, "open");
  });

  it("keeps the cancelled status and the state hash across a restart (replay from the log)", async () => {
    const placed = await place(buy(1n));
    await mined(f.exchange.write.cancelOrder([placed.orderHash], { account: alice.account }));
    await services.depositWatcher!.pollOnce();
    const hash = services.trading.stateHash();
    await services.close();
    services = await openServices({
      dataDir: dir,
      chainId: await f.publicClient.getChainId(),
      exchange: f.exchange.address,
      markets: demoMarkets({ WETH: f.weth.address, USDC: f.usdc.address }),
      clock: () => 1_000,
    });
    assert.equal(services.trading.stateHash(), hash);
    assert.equal(services.orders.get(placed.orderHash).status, "cancelled");
  });
});
