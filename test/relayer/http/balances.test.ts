/** GET /v1/balances/:address: the ledger's view per token, as decimal strings. */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import { alice, bob, get, mallory, order, post, signed, USDC, WETH } from "./fixtures.js";
import { useRelayer } from "../use-relayer.js";

const WETH_DEPOSIT = (100n * 10n ** 18n).toString();
const USDC_DEPOSIT = (1_000_000n * 10n ** 6n).toString();

describe("relayer HTTP balances", function () {
  const relayer = useRelayer({ funded: [alice, bob] });

  const byToken = (json: any, token: string) =>
    json.balances.find((b: { token: string }) => b.token === token.toLowerCase());

  it("shows deposits as deposited and available, nothing locked or pending", async () => {
    const { status, json } = await get(relayer.url, `/v1/balances/${alice.address}`);
    assert.equal(status, 200);
    assert.equal(json.address, alice.address.toLowerCase());
    assert.deepEqual(byToken(json, WETH), {
      token: WETH.toLowerCase(),
      deposited: WETH_DEPOSIT,
      available: WETH_DEPOSIT,
      locked: "0",
      pendingIn: "0",
      pendingOut: "0",
    });
    assert.deepEqual(byToken(json, USDC), {
      token: USDC.toLowerCase(),
      deposited: USDC_DEPOSIT,
      available: USDC_DEPOSIT,
      locked: "0",
      pendingIn: "0",
      pendingOut: "0",
    });
  });

  it("locks an open order's funds (available = deposited − locked)", async () => {
    const res = await post(relayer.url, (await signed(alice, order(alice, 0, 1000n, 3000n))).body);
    assert.equal(res.status, 201, JSON.stringify(res.json));
    const usdc = byToken((await get(relayer.url, `/v1/balances/${alice.address.toLowerCase()}`)).json, USDC);
    assert.ok(BigInt(usdc.locked) >= 3_000_000_000n);
    assert.equal(BigInt(usdc.available), BigInt(usdc.deposited) - BigInt(usdc.locked));
  });

  it("shows a fill as pending settlement on both sides", async () => {
    const res = await post(relayer.url, (await signed(bob, order(bob, 1, 400n, 2990n))).body);
    assert.equal(res.status, 201, JSON.stringify(res.json));
    assert.equal(res.json.fills.length, 1);
    const bobView = (await get(relayer.url, `/v1/balances/${bob.address}`)).json;
    assert.equal(byToken(bobView, WETH).pendingOut, (400n * 10n ** 15n).toString());
    assert.ok(BigInt(byToken(bobView, USDC).pendingIn) > 0n);
    const aliceView = (await get(relayer.url, `/v1/balances/${alice.address}`)).json;
    assert.ok(BigInt(byToken(aliceView, WETH).pendingIn) > 0n);
    assert.ok(BigInt(byToken(aliceView, USDC).pendingOut) > 0n);
  });

  it("answers an account without funds with no balances", async () => {
    const { status, json } = await get(relayer.url, `/v1/balances/${mallory.address}`);
    assert.equal(status, 200);
    assert.deepEqual(json.balances, []);
  });

  it("refuses a malformed address with 400 INVALID_FIELD", async () => {
    for (const bad of ["0x1234", "nothex", `${alice.address}00`, "0x" + "g".repeat(40)]) {
      const { status, json } = await get(relayer.url, `/v1/balances/${bad}`);
      assert.deepEqual([status, json.code, json.field], [400, "INVALID_FIELD", "address"], bad);
    }
  });
});
