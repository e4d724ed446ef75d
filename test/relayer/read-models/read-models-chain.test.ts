/**
 * The read models follow every acknowledged command, whatever submitted it: the chain watcher's order controls (an
 * exit, an on-chain cancel, a nonce floor) and the settler's isolation cancel. On a real Hardhat chain and a real
 * LevelDB, the product's HTTP app answers GET /v1/orders (and each order, and the fills); services reopened on the
 * same data dir (the replay of the log) must answer exactly the same.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "mocha";
import { network } from "hardhat";
import type { Hex } from "viem";
import { hashOrder, type Order } from "../../../protocol/index.js";
import { toWireSignedOrder } from "../../../relayer/orders/index.js";
import { openServices, type Services } from "../../../relayer/open-services.js";
import { demoMarkets } from "../../../scripts/start/demo-market.js";
import { ONE_USDC } from "../../contracts/fixture.js";
import { deployWatched, deposit, type Watched } from "../chain/helpers.js";
import { deployChain, fund, openWorld, order, place, settleAll, trader } from "../settlement/fixtures.js";
import { messageStates, orderStates, privateOrders, readModelAnswers, serve, statuses } from "./fixtures.js";

const connection = await network.create();
const { networkHelpers } = connection;
const watchedChain = () => deployWatched(connection);

describe("read models: orders the chain watcher cancels", function () {
  this.timeout(120_000);
  let f: Watched;
  let dir: string;
  let services: Services | undefined;
  let alice: Watched["traders"][number];
  let bob: Watched["traders"][number];
  let feed: ReturnType<typeof privateOrders> | undefined;

  const open = () =>
    openServices({
      dataDir: dir,
      chainId: f.publicClient.chain!.id,
      exchange: f.exchange.address,
      markets: demoMarkets({ WETH: f.weth.address, USDC: f.usdc.address }),
      clock: () => 1_000,
      depositWatcher: { client: f.publicClient, confirmations: 1, fromBlock: f.fromBlock },
    });
  /** `lots` × 0.001 WETH at 3,000 USDC per WETH (demo market: lot 10^15, tick 10). */
  const at3000 = (who: Watched["traders"][number], side: 0 | 1, nonce: bigint, lots: bigint): Order =>
    f.order(who.account.address, {
      side,
      baseAmount: lots * 10n ** 15n,
      quoteAmount: lots * 300_000n * 10n,
      nonce,
      maxFeeBps: 30,
    });
  const placeSigned = async (who: Watched["traders"][number], o: Order): Promise<Hex> =>
    (await services!.orders.place(toWireSignedOrder(await f.sign(who, o)))).orderHash;
  const mined = async (write: Promise<Hex>) => f.publicClient.waitForTransactionReceipt({ hash: await write });

  /**
   * Reads the read models over HTTP (and checks that alice's private channel last said the same of each order),
   * restarts the services on the same data dir, reads them again.
   */
  async function liveAndRestarted(hashes: Hex[]) {
    const asked = { makers: [alice.account.address, bob.account.address], hashes, markets: ["WETH-USDC"] };
    let http = await serve(services!);
    const live = await readModelAnswers(http.url, asked);
    await http.close();
    assert.deepEqual(messageStates(feed!.last, hashes), orderStates(live, hashes));
    feed!.close();
    await services!.close();
    services = await open();
    http = await serve(services);
    const restarted = await readModelAnswers(http.url, asked);
    await http.close();
    return { live, restarted };
  }

  beforeEach(async () => {
    f = await networkHelpers.loadFixture(watchedChain);
    [alice, bob] = f.traders;
    dir = await mkdtemp(join(tmpdir(), "read-models-chain-"));
    services = await open();
    feed = privateOrders(services, [alice.account.address]);
    await deposit(f, alice, f.usdc, 100_000n * ONE_USDC);
    await deposit(f, bob, f.weth, 10n ** 18n);
    assert.equal((await services.depositWatcher!.pollOnce()).credited.length, 2);
  });
  afterEach(async () => {
    feed?.close();
    await services?.close();
    services = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  /** Alice's buy of 4 lots, 1 of them sold by bob: a partially filled order with a fill in the history. */
  async function partlyFilledBuy(nonce: bigint): Promise<Hex> {
    const hash = await placeSigned(alice, at3000(alice, 0, nonce, 4n));
    await placeSigned(bob, at3000(bob, 1, 1n, 1n));
    return hash;
  }

  it("shows an order cancelled on-chain as cancelled, live as after a restart", async () => {
    const hash = await partlyFilledBuy(1n);
    await mined(f.exchange.write.cancelOrder([hash], { account: alice.account }));
    await services!.depositWatcher!.pollOnce();
    const { live, restarted } = await liveAndRestarted([hash]);
    assert.deepEqual(statuses(live, [hash]), ["cancelled"]);
    assert.deepEqual(restarted, live);
  });

  it("shows the orders below an on-chain nonce floor as cancelled and the others open, live as after a restart", async () => {
    const low = await partlyFilledBuy(3n);
    const high = await placeSigned(alice, at3000(alice, 0, 9n, 2n));
    await mined(f.exchange.write.cancelUpToNonce([5n], { account: alice.account }));
    await services!.depositWatcher!.pollOnce();
    const { live, restarted } = await liveAndRestarted([low, high]);
    assert.deepEqual(statuses(live, [low, high]), ["cancelled", "open"]);
    assert.deepEqual(restarted, live);
  });

  it("shows an exiting account's orders as cancelled, live as after a restart", async () => {
    const first = await partlyFilledBuy(1n);
    const second = await placeSigned(alice, at3000(alice, 0, 2n, 2n));
    await mined(f.exchange.write.requestExit([], { account: alice.account }));
    await services!.depositWatcher!.pollOnce();
    const { live, restarted } = await liveAndRestarted([first, second]);
    assert.deepEqual(statuses(live, [first, second]), ["cancelled", "cancelled"]);
    assert.deepEqual(restarted, live);
  });
});

describe("read models: orders the settler cancels when it isolates their fills", function () {
  this.timeout(180_000);

  it("shows an isolated resting order as cancelled and an isolated filled one as filled, live as after a restart", async () => {
    const chain = await deployChain();
    const world = await openWorld(chain);
    try {
      const [honestMaker, lateMaker, honestTaker, lateTaker] = [trader(0), trader(1), trader(2), trader(3)];
      await fund(
        world,
        [honestMaker.address, lateMaker.address, honestTaker.address, lateTaker.address],
        10n ** 18n,
        10_000n * 10n ** 6n,
      );
      const feed = privateOrders(world.services, [lateMaker.address, lateTaker.address]);
      const expiry = (await chain.publicClient.getBlock()).timestamp + 3_600n;
      const orders: Order[] = [
        order(chain, honestMaker.address, 1, 10n, 3000n), // rests, then fully taken by the late taker
        order(chain, lateMaker.address, 1, 100n, 3001n, { expiry }), // rests, 10 of its 100 lots taken
        order(chain, lateTaker.address, 0, 10n, 3000n, { expiry }),
        order(chain, honestTaker.address, 0, 10n, 3001n),
      ];
      const signers = [honestMaker, lateMaker, lateTaker, honestTaker];
      for (const [i, o] of orders.entries()) await place(world, signers[i]!, o);
      const [, lateMakerHash, lateTakerHash] = orders.map((o) => hashOrder(chain.domain, o));
      // The chain's clock passes both expiries before the batch goes out: both fills are isolated, both late orders
      // cancelled through the sequencer (the filled one's cancel is refused by the engine: it left the book).
      await chain.rpc("evm_setNextBlockTimestamp", [Number(expiry + 10n)]);
      await chain.rpc("evm_mine");
      await settleAll(world);
      const [batch] = world.services.settler!.list();
      assert.equal(batch.isolated.length, 2);

      const hashes = orders.map((o) => hashOrder(chain.domain, o));
      const asked = { makers: signers.map((s) => s.address), hashes, markets: ["WETH-USDC"] };
      let http = await serve(world.services);
      const live = await readModelAnswers(http.url, asked);
      await http.close();
      assert.deepEqual(statuses(live, [lateMakerHash!, lateTakerHash!]), ["cancelled", "filled"]);
      const late = [lateMakerHash!, lateTakerHash!];
      assert.deepEqual(
        messageStates(feed.last, late),
        orderStates(live, late),
        "the makers' private channel says the same",
      );
      feed.close();
      await world.restart();
      http = await serve(world.services);
      const restarted = await readModelAnswers(http.url, asked);
      await http.close();
      assert.deepEqual(restarted, live);
    } finally {
      await world.close();
    }
  });
});
