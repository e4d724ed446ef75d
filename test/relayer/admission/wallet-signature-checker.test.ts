// The wallet checker's request and its reading of the node's reply, with a stub client: the on-chain agreement
// test shows the answers against real wallets; this shows the parts a chain cannot stage (a node that is down).
import assert from "node:assert/strict";
import { HttpRequestError, type Address, type Hex } from "viem";
import { WalletCheckUnavailableError } from "../../../relayer/admission/errors.js";
import {
  EIP1271_MAGIC_WORD,
  WALLET_GAS,
  walletCallGas,
  WalletSignatureChecker,
} from "../../../relayer/admission/wallet-signature-checker.js";

const EXCHANGE: Address = "0x00000000000000000000000000000000000000e1";
const WALLET: Address = "0x00000000000000000000000000000000000000a1";
const HASH: Hex = `0x${"ab".repeat(32)}`;

type Client = ConstructorParameters<typeof WalletSignatureChecker>[0]["client"];

/** A client whose getCode and call do what the test says, recording the call's parameters. */
function stubClient({
  code = "0x60" as Hex | undefined,
  call = async (): Promise<{ data?: Hex }> => ({ data: EIP1271_MAGIC_WORD }),
  getCode = async () => code,
} = {}) {
  const calls: unknown[] = [];
  const client = {
    getCode,
    call: async (parameters: unknown) => (calls.push(parameters), call()),
  } as unknown as Client;
  return { client, calls };
}

const down = () => new HttpRequestError({ url: "http://127.0.0.1:8545", details: "ECONNREFUSED" });

describe("WalletSignatureChecker", () => {
  it("calls isValidSignature from the exchange with WALLET_GAS plus the call's intrinsic gas", async () => {
    const { client, calls } = stubClient();
    const checker = new WalletSignatureChecker({ client, exchange: EXCHANGE });
    assert.deepEqual(await checker.check(WALLET, HASH, "0x1234"), { valid: true });
    const [call] = calls as { account: Address; to: Address; data: Hex; gas: bigint }[];
    assert.equal(call.account, EXCHANGE);
    assert.equal(call.to, WALLET);
    assert.ok(call.data.startsWith("0x1626ba7e"));
    assert.equal(call.gas, walletCallGas(call.data));
  });

  it("gives the wallet WALLET_GAS over the intrinsic gas, or the EIP-7623 calldata floor when that is higher", () => {
    assert.equal(walletCallGas("0x"), WALLET_GAS + 21_000n);
    assert.equal(walletCallGas("0x00ff"), WALLET_GAS + 21_000n + 4n + 16n);
    const long: Hex = `0x${"ff".repeat(5_000)}`; // 20,000 tokens: the floor (221,000) exceeds 100,000 + 101,000
    assert.equal(walletCallGas(long), 21_000n + 10n * 4n * 5_000n);
  });

  it("says NO_CODE for a maker without code, without calling it", async () => {
    for (const code of ["0x", undefined] as const) {
      const { client, calls } = stubClient({ getCode: async () => code });
      assert.deepEqual(await new WalletSignatureChecker({ client, exchange: EXCHANGE }).check(WALLET, HASH, "0x"), {
        valid: false,
        reason: "NO_CODE",
      });
      assert.equal(calls.length, 0);
    }
  });

  it("reads only an exact magic word as yes", async () => {
    const answers: [Hex | undefined, boolean][] = [
      [EIP1271_MAGIC_WORD, true],
      [`${EIP1271_MAGIC_WORD}${"00".repeat(32)}`, true],
      [`0x1626BA7E${"0".repeat(56)}`, true],
      ["0x1626ba7e", false],
      [`0x1626ba7e${"0".repeat(55)}1`, false],
      ["0x", false],
      [undefined, false],
    ];
    for (const [data, valid] of answers) {
      const { client } = stubClient({ call: async () => ({ data }) });
      const answer = await new WalletSignatureChecker({ client, exchange: EXCHANGE }).check(WALLET, HASH, "0x");
      assert.deepEqual(answer, valid ? { valid: true } : { valid: false, reason: "WRONG_ANSWER" }, String(data));
    }
  });

  it("throws WalletCheckUnavailableError, not a refusal, when the node cannot be reached", async () => {
    const isUnavailable = (error: unknown) =>
      error instanceof WalletCheckUnavailableError &&
      error.code === "WALLET_CHECK_UNAVAILABLE" &&
      error.wallet === WALLET;
    const getCodeFails = stubClient({
      getCode: async () => {
        throw down();
      },
    });
    await assert.rejects(
      new WalletSignatureChecker({ client: getCodeFails.client, exchange: EXCHANGE }).check(WALLET, HASH, "0x"),
      isUnavailable,
    );
    const callFails = stubClient({
      call: async () => {
        throw down();
      },
    });
    await assert.rejects(
      new WalletSignatureChecker({ client: callFails.client, exchange: EXCHANGE }).check(WALLET, HASH, "0x"),
      isUnavailable,
    );
  });
});
