/** POST /v1/withdrawals for contract accounts: the relayer asks the account as an EIP-1271 wallet, as withdraw() would. */
import assert from "node:assert/strict";
import { network } from "hardhat";
import { before, describe, it } from "mocha";
import type { Address } from "viem";
import { withdrawalTypedData, type Withdrawal } from "../../../protocol/index.js";
import { WalletSignatureChecker } from "../../../relayer/admission/wallet-signature-checker.js";
import { alice, DOMAIN, EXCHANGE, mallory, postJson, USDC } from "./fixtures.js";
import { useRelayer } from "../use-relayer.js";

describe("relayer HTTP withdrawals of contract accounts", function () {
  let accepting: Address;
  let refusing: Address;
  let reverting: Address;

  const relayer = useRelayer({
    config: async () => {
      const { viem } = await network.create();
      accepting = (await viem.deployContract("ToggleWallet", [true])).address.toLowerCase() as Address;
      refusing = (await viem.deployContract("ToggleWallet", [false])).address.toLowerCase() as Address;
      reverting = (await viem.deployContract("RevertingWallet")).address.toLowerCase() as Address;
      return { wallets: new WalletSignatureChecker({ client: await viem.getPublicClient(), exchange: EXCHANGE }) };
    },
  });

  before(async () => {
    for (const account of [accepting, refusing, reverting, mallory.address]) {
      const ack = await relayer.services.trading.submitLedger({
        type: "deposit-credited",
        depositId: `d-${account}`,
        account,
        token: USDC,
        amount: 10n ** 9n,
      });
      assert.equal(ack.rejection, null);
    }
  });

  /** A withdrawal of `account`'s USDC signed by alice's key. */
  async function signedByAlice(account: Address) {
    const w: Withdrawal = { account, token: USDC, amount: 1_000n, recipient: alice.address, nonce: 1n, expiry: 0n };
    const signature = await alice.signTypedData(withdrawalTypedData(DOMAIN, w));
    return { withdrawal: { ...w, amount: "1000", nonce: "1", expiry: "0" }, signature };
  }

  it("requests a withdrawal its wallet accepts (201)", async () => {
    const res = await postJson(relayer.url, "/v1/withdrawals", await signedByAlice(accepting));
    assert.equal(res.status, 201, JSON.stringify(res.json));
    assert.equal(res.json.status, "requested");
  });

  it("refuses one its wallet refuses or reverts on with 401 WALLET_REFUSED, and an account without code with its ECDSA rule", async () => {
    for (const [account, code] of [
      [refusing, "WALLET_REFUSED"],
      [reverting, "WALLET_REFUSED"],
      [mallory.address.toLowerCase() as Address, "SIGNATURE_WRONG_SIGNER"],
    ] as const) {
      const seq = relayer.services.trading.lastSeq;
      const res = await postJson(relayer.url, "/v1/withdrawals", await signedByAlice(account));
      assert.deepEqual([res.status, res.json.code, res.json.field], [401, code, "signature"], account);
      assert.equal(relayer.services.trading.lastSeq, seq);
    }
  });
});
