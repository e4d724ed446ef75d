/** DELETE /v1/orders/:hash and POST /v1/orders/cancel-all: signed by the maker, durable, refusals change nothing. */
import assert from "node:assert/strict";
import { before, describe, it } from "mocha";
import type { PrivateKeyAccount } from "viem/accounts";
import type { Address, Hex } from "viem";
import { EIP712_TYPES } from "../../../protocol/index.js";
import { WBTC } from "../markets/markets-fixture.js";
import { alice, bob, DOMAIN, get, mallory, NOW, order, post, signed, USDC, WETH } from "./fixtures.js";
import { useRelayer } from "../use-relayer.js";

const ZERO: Address = "0x0000000000000000000000000000000000000000";

async function cancelBody(signer: PrivateKeyAccount, maker: Address, orderHash: Hex) {
  const message = { maker: maker.toLowerCase() as Address, orderHash };
  const signature = await signer.signTypedData({
    domain: DOMAIN,
    types: EIP712_TYPES,
    primaryType: "CancelOrder",
    message,
  });
  return { cancel: message, signature };
}

async function cancelAllBody(
  signer: PrivateKeyAccount,
  issuedAt: bigint,
  baseToken: Address = ZERO,
  quoteToken: Address = ZERO,
) {
  const message = { maker: signer.address.toLowerCase() as Address, baseToken, quoteToken, issuedAt };
  const signature = await signer.signTypedData({
    domain: DOMAIN,
    types: EIP712_TYPES,
    primaryType: "CancelAll",
    message,
  });
  return { cancelAll: { ...message, issuedAt: issuedAt.toString() }, signature };
}

async function del(url: string, hash: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${url}/v1/orders/${hash}`, {
    method: "DELETE",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

async function postCancelAll(url: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${url}/v1/orders/cancel-all`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

describe("relayer HTTP cancels", function () {
  let nonce = 100n;

  const relayer = useRelayer({ funded: [alice, bob, mallory] });

  async function place(maker: PrivateKeyAccount, side: 0 | 1 = 0, price = 2000n, extra = {}): Promise<Hex> {
    const { body, hash } = await signed(maker, order(maker, side, 10n, price, { nonce: nonce++, ...extra }));
    const res = await post(relayer.url, body);
    assert.equal(res.status, 201, JSON.stringify(res.json));
    return hash;
  }

  /** A buy of 10 lots on the auction market WBTC-USDC (a lot is 10,000 sats, a tick 10 quote units). */
  async function placeBtc(maker: PrivateKeyAccount): Promise<Hex> {
    return place(maker, 0, 0n, { baseToken: WBTC, baseAmount: 10n * 10_000n, quoteAmount: 10n * 50_000n * 10n });
  }

  async function observable() {
    const health = await get(relayer.url, "/health");
    const book = await get(relayer.url, "/v1/markets/WETH-USDC/book");
    const btc = await get(relayer.url, "/v1/markets/WBTC-USDC/book");
    return {
      lastSeq: health.json.sequencer.lastSeq,
      book: book.json,
      btc: btc.json,
      stateHash: relayer.services.trading.stateHash(),
    };
  }

  async function usdc(account: PrivateKeyAccount) {
    const { json } = await get(relayer.url, `/v1/balances/${account.address}`);
    return json.balances.find((b: { token: string }) => b.token === USDC.toLowerCase());
  }

  describe("DELETE /v1/orders/:hash", () => {
    it("cancels the maker's open order durably (200) and releases its lock", async () => {
      const funded = await usdc(alice);
      const hash = await place(alice);
      const locked = await usdc(alice);
      assert.ok(BigInt(locked.locked) > 0n && BigInt(locked.available) < BigInt(funded.available));
      const before = (await observable()).lastSeq;
      const res = await del(relayer.url, hash, await cancelBody(alice, alice.address, hash));
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.deepEqual(res.json, { orderHash: hash, status: "cancelled", seq: before + 1 });
      assert.equal((await get(relayer.url, `/v1/orders/${hash}`)).json.status, "cancelled");
      assert.deepEqual(await usdc(alice), funded);
      assert.deepEqual((await get(relayer.url, "/v1/markets/WETH-USDC/book")).json.bids, []);
    });

    it("refuses a replayed cancel of a cancelled order with 404, changing nothing", async () => {
      const hash = await place(alice);
      const body = await cancelBody(alice, alice.address, hash);
      assert.equal((await del(relayer.url, hash, body)).status, 200);
      const state = await observable();
      const res = await del(relayer.url, hash, body);
      assert.deepEqual([res.status, res.json.code], [404, "ORDER_NOT_FOUND"]);
      assert.deepEqual(await observable(), state);
    });

    describe("refusals change nothing (same last seq, book and state hash; the order stays open)", () => {
      let hash: Hex;
      before(async () => {
        hash = await place(alice, 0, 2100n);
      });

      const other = "0x" + "ab".repeat(32);
      const cases: [string, () => Promise<{ status: number; json: any }>, number, string][] = [
        [
          "a path hash other than cancel.orderHash",
          async () => del(relayer.url, other, await cancelBody(alice, alice.address, hash)),
          400,
          "INVALID_FIELD",
        ],
        [
          "a malformed body",
          async () => del(relayer.url, hash, { cancel: { orderHash: hash }, signature: "0x" }),
          400,
          "INVALID_FIELD",
        ],
        [
          "a signature by someone else",
          async () => del(relayer.url, hash, await cancelBody(mallory, alice.address, hash)),
          401,
          "SIGNATURE_WRONG_SIGNER",
        ],
        [
          "a malformed signature",
          async () =>
            del(relayer.url, hash, { ...(await cancelBody(alice, alice.address, hash)), signature: "0x1234" }),
          401,
          "SIGNATURE_MALFORMED",
        ],
        [
          "another maker's order, signed by that other maker",
          async () => del(relayer.url, hash, await cancelBody(mallory, mallory.address, hash)),
          404,
          "ORDER_NOT_FOUND",
        ],
        [
          "an unknown order",
          async () => del(relayer.url, other, await cancelBody(alice, alice.address, other as Hex)),
          404,
          "ORDER_NOT_FOUND",
        ],
      ];
      for (const [name, send, status, code] of cases) {
        it(`${name}: ${status} ${code}`, async () => {
          const state = await observable();
          const res = await send();
          assert.deepEqual([res.status, res.json.code], [status, code], JSON.stringify(res.json));
          assert.equal(typeof res.json.message, "string");
          assert.deepEqual(await observable(), state);
          assert.equal((await get(relayer.url, `/v1/orders/${hash}`)).json.status, "open");
        });
      }

      it("answers another maker's order and an unknown order alike", async () => {
        const foreign = await del(relayer.url, hash, await cancelBody(mallory, mallory.address, hash));
        const unknown = await del(relayer.url, other, await cancelBody(alice, alice.address, other as Hex));
        assert.deepEqual(foreign, unknown);
      });
    });
  });

  describe("POST /v1/orders/cancel-all", () => {
    let btc: Hex;
    let leftInWeth: Hex;

    it("cancels only the maker's orders in the named market", async () => {
      const a1 = await place(alice, 0, 1500n);
      const a2 = await place(alice, 1, 9000n);
      const b1 = await place(bob, 0, 1600n);
      btc = await placeBtc(alice);
      const state = await observable();
      const res = await postCancelAll(relayer.url, await cancelAllBody(alice, BigInt(NOW - 100), WETH, USDC));
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.equal(res.json.seq, state.lastSeq + 1);
      for (const h of [a1, a2]) assert.ok(res.json.cancelled.includes(h));
      // a1, a2 and the order left open by the refusal cases: alice's WETH-USDC orders only.
      assert.equal(res.json.cancelled.length, 3);
      assert.ok(!res.json.cancelled.includes(b1) && !res.json.cancelled.includes(btc));
      assert.equal((await get(relayer.url, `/v1/orders/${btc}`)).json.status, "open");
      for (const h of res.json.cancelled)
        assert.equal((await get(relayer.url, `/v1/orders/${h}`)).json.status, "cancelled");
      assert.equal((await get(relayer.url, `/v1/orders/${b1}`)).json.status, "open");
      assert.notEqual((await usdc(alice)).locked, "0"); // the WBTC-USDC order's lock stays
    });

    it("refuses a replayed (or older) cancel-all with 409 CANCEL_ALL_REPLAYED, changing nothing", async () => {
      leftInWeth = await place(alice, 0, 1500n);
      const state = await observable();
      for (const issuedAt of [NOW - 100, NOW - 200]) {
        const res = await postCancelAll(relayer.url, await cancelAllBody(alice, BigInt(issuedAt), WETH, USDC));
        assert.deepEqual([res.status, res.json.code], [409, "CANCEL_ALL_REPLAYED"]);
      }
      assert.deepEqual(await observable(), state);
    });

    it("refuses a bad signature (401), a future issuedAt (422), an unknown market (422), changing nothing", async () => {
      const state = await observable();
      const forged = {
        ...(await cancelAllBody(mallory, BigInt(NOW))),
        cancelAll: (await cancelAllBody(alice, BigInt(NOW))).cancelAll,
      };
      const cases: [unknown, number, string][] = [
        [forged, 401, "SIGNATURE_WRONG_SIGNER"],
        [await cancelAllBody(alice, BigInt(NOW + 3600)), 422, "ISSUED_AT_IN_FUTURE"],
        [await cancelAllBody(alice, BigInt(NOW), USDC, WETH), 422, "UNKNOWN_MARKET"],
      ];
      for (const [body, status, code] of cases) {
        const res = await postCancelAll(relayer.url, body);
        assert.deepEqual([res.status, res.json.code], [status, code], JSON.stringify(res.json));
      }
      assert.deepEqual(await observable(), state);
    });

    it("with both tokens zero cancels the maker's orders in every market, not the others'", async () => {
      const b1 = await place(bob, 0, 1600n, { nonce: nonce + 1000n });
      const res = await postCancelAll(relayer.url, await cancelAllBody(alice, BigInt(NOW - 50)));
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.deepEqual([...res.json.cancelled].sort(), [btc, leftInWeth].sort());
      assert.equal((await get(relayer.url, `/v1/orders/${b1}`)).json.status, "open");
      assert.equal((await usdc(alice)).locked, "0");
      assert.equal((await usdc(alice)).available, (await usdc(alice)).deposited);
    });

    it("keeps replay protection across a restart", async () => {
      const replay = await cancelAllBody(alice, BigInt(NOW - 50));
      await relayer.restart();
      const state = await observable();
      const res = await postCancelAll(relayer.url, replay);
      assert.deepEqual([res.status, res.json.code], [409, "CANCEL_ALL_REPLAYED"]);
      assert.deepEqual(await observable(), state);
      const fresh = await postCancelAll(relayer.url, await cancelAllBody(alice, BigInt(NOW - 49)));
      assert.equal(fresh.status, 200, JSON.stringify(fresh.json));
      assert.deepEqual(fresh.json.cancelled, []);
    });
  });
});
