/**
 * Orders the machine would refuse are refused before they are sequenced: a key that was never funded leaves no log
 * record and no owner behind, however many orders it sends. Real relayer, real LevelDB, real signatures.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "mocha";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { OrderFlags } from "../../../protocol/index.js";
import { alice, bob, get, order, post, signed } from "../http/fixtures.js";
import { useRelayer } from "../use-relayer.js";

describe("relayer/services/place-precheck: refusals decided before sequencing", function () {
  this.timeout(60_000);

  const lastSeq = async () => (await get(relayer.url, "/health")).json.sequencer.lastSeq as number;
  const fresh = () => privateKeyToAccount(generatePrivateKey());

  const relayer = useRelayer({ funded: [alice, bob], config: { verifierThreads: 0 } });

  before(async () => {
    // A trade at 3000 (a last price for stops) and an ask left at 3010 (for post-only bids to cross).
    assert.equal(
      (await post(relayer.url, (await signed(bob, order(bob, 1, 10n, 3000n, { nonce: 1n }))).body)).status,
      201,
    );
    assert.equal(
      (await post(relayer.url, (await signed(alice, order(alice, 0, 10n, 3000n, { nonce: 1n }))).body)).status,
      201,
    );
    assert.equal(
      (await post(relayer.url, (await signed(bob, order(bob, 1, 10n, 3010n, { nonce: 2n }))).body)).status,
      201,
    );
  });

  it("refuses orders from never-funded keys with INSUFFICIENT_BALANCE without writing a log record or registering an owner", async () => {
    const seq = await lastSeq();
    const hash = relayer.services.trading.stateHash();
    const keys = Array.from({ length: 20 }, fresh);
    for (const [i, key] of keys.entries()) {
      const res = await post(relayer.url, (await signed(key, order(key, (i % 2) as 0 | 1, 10n, 3000n))).body);
      assert.deepEqual([res.status, res.json.code], [422, "INSUFFICIENT_BALANCE"], JSON.stringify(res.json));
    }
    assert.equal(await lastSeq(), seq, "nothing reached the log");
    assert.equal(relayer.services.trading.stateHash(), hash);
    for (const key of keys) assert.equal(relayer.services.trading.ledgerView.registry.ownerOf(key.address), undefined);
  });

  it("refuses a buy whose maker holds only base with INSUFFICIENT_BALANCE before sequencing", async () => {
    const key = fresh();
    const credited = await relayer.services.trading.submitLedger({
      type: "deposit-credited",
      depositId: `${key.address.toLowerCase()}-weth`,
      account: key.address,
      token: order(key, 0, 1n, 1n).baseToken,
      amount: 10n ** 18n,
    });
    assert.equal(credited.rejection, null);
    const seq = await lastSeq();
    const res = await post(relayer.url, (await signed(key, order(key, 0, 10n, 3000n))).body);
    assert.deepEqual([res.status, res.json.code], [422, "INSUFFICIENT_BALANCE"]);
    assert.equal(await lastSeq(), seq);
    assert.equal(relayer.services.trading.ledgerView.registry.ownerOf(key.address), undefined);
  });

  it("answers an unfunded post-only order that would take with the engine's POST_ONLY_WOULD_TAKE, before sequencing", async () => {
    const key = fresh();
    const seq = await lastSeq();
    const res = await post(
      relayer.url,
      (await signed(key, order(key, 0, 10n, 3010n, { flags: OrderFlags.POST_ONLY }))).body,
    );
    assert.deepEqual([res.status, res.json.code], [422, "POST_ONLY_WOULD_TAKE"]);
    assert.equal(await lastSeq(), seq);
  });

  it("answers an unfunded stop whose trigger was already reached with the engine's STOP_WOULD_TRIGGER, before sequencing", async () => {
    const key = fresh();
    const seq = await lastSeq();
    const res = await post(
      relayer.url,
      (await signed(key, order(key, 0, 10n, 3100n, { triggerQuoteAmount: 10n * 2990n * 1000n }))).body,
    );
    assert.deepEqual([res.status, res.json.code], [422, "STOP_WOULD_TRIGGER"]);
    assert.equal(await lastSeq(), seq);
  });

  it("leaves an exiting maker's order to the machine, which answers ACCOUNT_EXITING as before", async () => {
    const key = fresh();
    const exit = await relayer.services.trading.submitLedger({
      type: "account-exit-requested",
      eventId: `0x${"ee".repeat(32)}:0`,
      account: key.address,
    });
    assert.equal(exit.rejection, null);
    const res = await post(relayer.url, (await signed(key, order(key, 0, 10n, 3000n))).body);
    assert.deepEqual([res.status, res.json.code], [422, "ACCOUNT_EXITING"]);
  });

  it("leaves the final word to the ledger: of two orders sent at once that each need all the maker's funds, the second is refused at apply time", async () => {
    const key = fresh();
    const usdc = order(key, 0, 1n, 1n).quoteToken;
    const credited = await relayer.services.trading.submitLedger({
      type: "deposit-credited",
      depositId: `${key.address.toLowerCase()}-usdc`,
      account: key.address,
      token: usdc,
      amount: 10n * 3000n * 1000n,
    });
    assert.equal(credited.rejection, null);
    const seq = await lastSeq();
    const [first, second] = await Promise.allSettled([
      relayer.services.orders.place(
        (await signed(key, order(key, 0, 10n, 2900n, { nonce: 1n, quoteAmount: 10n * 3000n * 1000n }))).body,
      ),
      relayer.services.orders.place(
        (await signed(key, order(key, 0, 10n, 2900n, { nonce: 2n, quoteAmount: 10n * 3000n * 1000n }))).body,
      ),
    ]);
    assert.equal(first.status, "fulfilled");
    assert.equal(second.status, "rejected");
    assert.equal((second as PromiseRejectedResult).reason.code, "INSUFFICIENT_BALANCE");
    assert.equal(await lastSeq(), seq + 3, "the owner's registration and both place commands were sequenced");
  });

  it("still sequences an order its maker can pay for, and the engine and ledger decide it", async () => {
    const seq = await lastSeq();
    const res = await post(relayer.url, (await signed(alice, order(alice, 0, 10n, 2900n, { nonce: 7n }))).body);
    assert.equal(res.status, 201, JSON.stringify(res.json));
    assert.ok(res.json.seq > seq);
  });
});
