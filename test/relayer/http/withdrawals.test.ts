/** POST/GET /v1/withdrawals: signed by the account, stored before it is sequenced, reserved at once; refusals change nothing. */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import type { PrivateKeyAccount } from "viem/accounts";
import type { Address, Hex } from "viem";
import { exchangeDomain, hashWithdrawal, withdrawalTypedData, type Withdrawal } from "../../../protocol/index.js";
import { ledgerRejection, ledgerRejectionCode } from "../../../relayer/errors/index.js";
import { highSTwin } from "../../contracts/signing.js";
import { WBTC } from "../markets/markets-fixture.js";
import { alice, bob, CHAIN_ID, DOMAIN, EXCHANGE, get, mallory, NOW, postJson, USDC } from "./fixtures.js";
import { useRelayer } from "../use-relayer.js";

const ZERO: Address = "0x0000000000000000000000000000000000000000";
const UNLISTED: Address = "0x00000000000000000000000000000000000000aa";
const USDC_DEPOSIT = 1_000_000n * 10n ** 6n;

function withdrawal(account: PrivateKeyAccount, amount: bigint, extra: Partial<Withdrawal> = {}): Withdrawal {
  return {
    account: account.address.toLowerCase() as Address,
    token: USDC,
    amount,
    recipient: account.address.toLowerCase() as Address,
    nonce: 1n,
    expiry: 0n,
    ...extra,
  };
}

async function signedBody(
  signer: PrivateKeyAccount,
  w: Withdrawal,
  domain = DOMAIN,
): Promise<{ body: any; id: Hex; signature: Hex }> {
  const signature = await signer.signTypedData(withdrawalTypedData(domain, w));
  const body = {
    withdrawal: { ...w, amount: w.amount.toString(), nonce: w.nonce.toString(), expiry: w.expiry.toString() },
    signature,
  };
  return { body, id: hashWithdrawal(DOMAIN, w), signature };
}

describe("relayer HTTP withdrawals", function () {
  let nonce = 100n;
  const next = () => nonce++;

  const relayer = useRelayer({ funded: [alice, bob] });

  const post = (body: unknown) => postJson(relayer.url, "/v1/withdrawals", body);

  async function usdc(account: PrivateKeyAccount) {
    const { json } = await get(relayer.url, `/v1/balances/${account.address}`);
    return json.balances.find((b: { token: string }) => b.token === USDC.toLowerCase());
  }

  async function observable() {
    const health = await get(relayer.url, "/health");
    return {
      lastSeq: health.json.sequencer.lastSeq,
      stateHash: relayer.services.trading.stateHash(),
      alice: (await get(relayer.url, `/v1/balances/${alice.address}`)).json.balances,
      stored: (await relayer.services.withdrawalStore.all()).map((w) => w.id),
    };
  }

  it("requests a signed withdrawal (201), stores it with its signature, and reserves the amount at once", async () => {
    const before = await usdc(alice);
    const w = withdrawal(alice, 250_000_000n, { nonce: next() });
    const { body, id, signature } = await signedBody(alice, w);
    const res = await post(body);
    assert.equal(res.status, 201, JSON.stringify(res.json));
    assert.deepEqual(Object.keys(res.json).sort(), ["seq", "status", "withdrawalId"]);
    assert.equal(res.json.withdrawalId, id);
    assert.equal(res.json.status, "requested");
    assert.equal(res.json.seq, (await get(relayer.url, "/health")).json.sequencer.lastSeq);

    const after = await usdc(alice);
    assert.equal(BigInt(after.available), BigInt(before.available) - 250_000_000n);
    assert.equal(relayer.services.trading.ledgerView.ledger.balance(alice.address, USDC).withdrawing, 250_000_000n);
    assert.equal(after.deposited, before.deposited);
    assert.ok(relayer.services.trading.ledgerView.ledger.openWithdrawalIds().includes(id));

    const stored = await relayer.services.withdrawalStore.get(id);
    assert.equal(stored?.signature, signature);
    assert.deepEqual(stored?.withdrawal, body.withdrawal);
    assert.equal(stored?.status, "requested");

    const got = await get(relayer.url, `/v1/withdrawals/${id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.json, {
      withdrawalId: id,
      status: "requested",
      seq: res.json.seq,
      withdrawal: body.withdrawal,
    });
  });

  it("shows settled and failed withdrawals as the ledger's records say, and frees a failed one's amount", async () => {
    const settled = await signedBody(alice, withdrawal(alice, 1_000_000n, { nonce: next() }));
    const failed = await signedBody(alice, withdrawal(alice, 2_000_000n, { nonce: next() }));
    assert.equal((await post(settled.body)).status, 201);
    assert.equal((await post(failed.body)).status, 201);
    const before = await usdc(alice);

    const trading = relayer.services.trading;
    assert.equal(
      (await trading.submitLedger({ type: "withdrawal-settled", withdrawalId: settled.id })).rejection,
      null,
    );
    assert.equal((await trading.submitLedger({ type: "withdrawal-failed", withdrawalId: failed.id })).rejection, null);

    const after = await usdc(alice);
    assert.equal(BigInt(after.deposited), BigInt(before.deposited) - 1_000_000n);
    assert.equal(BigInt(after.available), BigInt(before.available) + 2_000_000n);
    assert.equal((await get(relayer.url, `/v1/withdrawals/${settled.id}`)).json.status, "settled");
    assert.equal((await get(relayer.url, `/v1/withdrawals/${failed.id}`)).json.status, "failed");
  });

  it("lists an account's withdrawals newest first, page by page", async () => {
    const ids: Hex[] = [];
    for (let i = 0; i < 3; i++) {
      const { body, id } = await signedBody(bob, withdrawal(bob, 1_000n + BigInt(i), { nonce: next() }));
      assert.equal((await post(body)).status, 201);
      ids.push(id);
    }
    const seen: Hex[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/v1/withdrawals?account=${bob.address}&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await get(relayer.url, query);
      assert.equal(page.status, 200, JSON.stringify(page.json));
      seen.push(...page.json.items.map((w: { withdrawalId: Hex }) => w.withdrawalId));
      cursor = page.json.nextCursor;
    } while (cursor !== null);
    assert.deepEqual(seen, [...ids].reverse());
    assert.deepEqual((await get(relayer.url, `/v1/withdrawals?account=${mallory.address}`)).json, {
      items: [],
      nextCursor: null,
    });
    for (const bad of ["account=0x12", `account=${bob.address}&limit=0`, `account=${bob.address}&cursor=zzz`]) {
      const res = await get(relayer.url, `/v1/withdrawals?${bad}`);
      assert.equal(res.status, 400, bad);
      assert.equal(res.json.code, "INVALID_FIELD", bad);
    }
  });

  it("answers 404 WITHDRAWAL_NOT_FOUND for an unknown id", async () => {
    for (const id of [`0x${"ab".repeat(32)}`, "nothex"]) {
      const res = await get(relayer.url, `/v1/withdrawals/${id}`);
      assert.deepEqual([res.status, res.json.code], [404, "WITHDRAWAL_NOT_FOUND"]);
    }
  });

  it("refuses each bad withdrawal with its code and changes nothing", async () => {
    const otherChain = exchangeDomain(CHAIN_ID + 1, EXCHANGE);
    const good = withdrawal(alice, 1_000n, { nonce: next() });
    const duplicate = await signedBody(alice, withdrawal(alice, 1_000n, { nonce: next() }));
    assert.equal((await post(duplicate.body)).status, 201);
    const valid = await signedBody(alice, good);
    const cases: [string, unknown, number, string, string?][] = [
      [
        "a missing field",
        { ...valid.body, withdrawal: { ...valid.body.withdrawal, nonce: undefined } },
        400,
        "INVALID_FIELD",
        "withdrawal.nonce",
      ],
      ["an unknown field", { ...valid.body, extra: 1 }, 400, "UNKNOWN_FIELD", "extra"],
      [
        "a zero amount",
        { ...valid.body, withdrawal: { ...valid.body.withdrawal, amount: "0" } },
        400,
        "INVALID_FIELD",
        "withdrawal.amount",
      ],
      [
        "a zero recipient",
        (await signedBody(alice, { ...good, recipient: ZERO })).body,
        400,
        "INVALID_FIELD",
        "withdrawal.recipient",
      ],
      ["another signer", (await signedBody(mallory, good)).body, 401, "SIGNATURE_WRONG_SIGNER", "signature"],
      [
        "another chain's signature",
        (await signedBody(alice, good, otherChain)).body,
        401,
        "SIGNATURE_WRONG_SIGNER",
        "signature",
      ],
      ["a high-s twin", { ...valid.body, signature: highSTwin(valid.signature) }, 401, "SIGNATURE_HIGH_S", "signature"],
      [
        "a changed amount",
        { ...valid.body, withdrawal: { ...valid.body.withdrawal, amount: "999" } },
        401,
        "SIGNATURE_WRONG_SIGNER",
        "signature",
      ],
      [
        "an expired withdrawal",
        (await signedBody(alice, { ...good, expiry: BigInt(NOW) })).body,
        422,
        "EXPIRED",
        "withdrawal.expiry",
      ],
      [
        "an unlisted token",
        (await signedBody(alice, { ...good, token: UNLISTED })).body,
        422,
        "UNKNOWN_TOKEN",
        "withdrawal.token",
      ],
      [
        "more than is available",
        (await signedBody(alice, { ...good, amount: USDC_DEPOSIT })).body,
        422,
        "INSUFFICIENT_BALANCE",
        "withdrawal.amount",
      ],
      [
        "a token the account holds none of",
        (await signedBody(alice, { ...good, token: WBTC })).body,
        422,
        "INSUFFICIENT_BALANCE",
        "withdrawal.amount",
      ],
      ["the same signed withdrawal again", duplicate.body, 409, "DUPLICATE_WITHDRAWAL"],
    ];
    for (const [what, body, status, code, field] of cases) {
      const before = await observable();
      const res = await post(body);
      assert.deepEqual(
        [res.status, res.json.code, res.json.field],
        [status, code, field],
        `${what}: ${JSON.stringify(res.json)}`,
      );
      assert.deepEqual(await observable(), before, what);
    }
    // Still admissible after all that: nothing was consumed.
    assert.equal((await post(valid.body)).status, 201);
  });

  it("refuses the second of two concurrent withdrawals the balance cannot both cover, with the ledger's refusal as 422", async () => {
    const half = (BigInt((await usdc(bob)).available) * 3n) / 4n;
    const first = await signedBody(bob, withdrawal(bob, half, { nonce: next() }));
    const second = await signedBody(bob, withdrawal(bob, half, { nonce: next() }));
    const service = relayer.services.withdrawals;
    const results = await Promise.allSettled([service.request(first.body), service.request(second.body)]);
    assert.equal(results[0].status, "fulfilled");
    assert.equal(results[1].status, "rejected");
    const error = (results[1] as PromiseRejectedResult).reason;
    assert.deepEqual([error.code, error.status, error.field], ["INSUFFICIENT_BALANCE", 422, "withdrawal.amount"]);
    assert.equal(await relayer.services.withdrawalStore.get(second.id), undefined);
    assert.equal((await get(relayer.url, `/v1/withdrawals/${second.id}`)).status, 404);
  });

  it("maps ledger refusals a client can cause to stable codes, the rest to INTERNAL_ERROR", () => {
    assert.equal(ledgerRejectionCode("insufficient-available"), "INSUFFICIENT_BALANCE");
    assert.equal(ledgerRejectionCode("duplicate-withdrawal"), "DUPLICATE_WITHDRAWAL");
    assert.equal(ledgerRejectionCode("invalid-amount"), "INTERNAL_ERROR");
    const error = ledgerRejection({
      code: "insufficient-available",
      account: alice.address,
      token: USDC,
      needed: 2n,
      available: 1n,
    });
    assert.deepEqual(error.toJSON(), {
      code: "INSUFFICIENT_BALANCE",
      message: "Insufficient available balance for this withdrawal.",
    });
    assert.match(error.details ?? "", /"needed":"2"/);
  });

  it("keeps withdrawals and their outcomes across a restart, and drops one whose record never reached the log", async () => {
    const kept = await signedBody(alice, withdrawal(alice, 5_000n, { nonce: next() }));
    assert.equal((await post(kept.body)).status, 201);
    const orphan = await signedBody(alice, withdrawal(alice, 6_000n, { nonce: next() }));
    const lost = await signedBody(alice, withdrawal(alice, 7_000n, { nonce: next() }));
    assert.equal((await post(lost.body)).status, 201);
    assert.equal(
      (await relayer.services.trading.submitLedger({ type: "withdrawal-failed", withdrawalId: lost.id })).rejection,
      null,
    );
    assert.equal((await get(relayer.url, `/v1/withdrawals/${lost.id}`)).json.status, "failed");
    // As if the process stopped before the outcome reached the store: the replay brings it back.
    const store = relayer.services.withdrawalStore;
    await relayer.services.withdrawals.outcomesSaved();
    assert.equal((await store.get(lost.id))?.status, "failed");
    await store.update({ ...(await store.get(lost.id))!, status: "requested" });
    // As if the process stopped between storing a withdrawal and submitting its record.
    await relayer.services.withdrawalStore.add({
      id: orphan.id,
      withdrawal: orphan.body.withdrawal,
      signature: orphan.signature,
      status: "pending",
      seq: null,
    });
    const hash = relayer.services.trading.stateHash();
    const balances = await usdc(alice);
    await relayer.restart();

    assert.equal(relayer.services.trading.stateHash(), hash);
    assert.deepEqual(await usdc(alice), balances);
    assert.equal((await get(relayer.url, `/v1/withdrawals/${kept.id}`)).json.status, "requested");
    assert.equal((await get(relayer.url, `/v1/withdrawals/${lost.id}`)).json.status, "failed");
    assert.equal((await relayer.services.withdrawalStore.get(lost.id))?.status, "failed");
    assert.equal(await relayer.services.withdrawalStore.get(orphan.id), undefined);
    // The orphan was never sequenced: it may be requested now, and the kept one is still a duplicate.
    assert.equal((await post(orphan.body)).status, 201);
    assert.equal((await post(kept.body)).json.code, "DUPLICATE_WITHDRAWAL");
  });
});
