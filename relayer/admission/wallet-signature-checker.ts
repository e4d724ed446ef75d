// Asks a contract maker whether it accepts a signature (EIP-1271 isValidSignature), with the contract's rules
// (SignatureVerification.isValidWalletSignature): a maker without code is refused; the wallet gets at most
// WALLET_GAS; a revert, an out-of-gas, or fewer than 32 bytes of answer is a refusal; and the first 32 bytes of
// the answer must be exactly the magic value 0x1626ba7e left-aligned (the contract compares the whole word, so
// 0x1626ba7e followed by non-zero bytes is a refusal, though an ABI decoder reading a bytes4 would accept it).
//
// The call is an eth_call from the exchange's address (a wallet may look at msg.sender), with a gas limit of
// WALLET_GAS plus the call's intrinsic gas, so the wallet gets the same budget as under the contract's
// staticcall. What it cannot copy: tx.origin (the operator on-chain), and, for calldata over ~4 kB, the budget
// (walletCallGas).
import {
  BaseError,
  encodeFunctionData,
  HttpRequestError,
  TimeoutError,
  WebSocketRequestError,
  type Address,
  type BlockTag,
  type Hex,
  type PublicClient,
} from "viem";
import { WalletCheckUnavailableError } from "./errors.js";

/** SignatureVerification.WALLET_GAS: the gas the contract gives a wallet's isValidSignature. */
export const WALLET_GAS = 100_000n;

/** IERC1271.isValidSignature.selector, as the contract compares it: a whole word, left-aligned. */
export const EIP1271_MAGIC_WORD: Hex = `0x1626ba7e${"0".repeat(56)}`;

const IS_VALID_SIGNATURE_ABI = [
  {
    type: "function",
    name: "isValidSignature",
    stateMutability: "view",
    inputs: [
      { name: "hash", type: "bytes32" },
      { name: "signature", type: "bytes" },
    ],
    outputs: [{ name: "magicValue", type: "bytes4" }],
  },
] as const;

/** Why a wallet's answer is a refusal. NO_CODE: a plain account (or nothing), whose ECDSA failure stands. */
export type WalletRefusal = "NO_CODE" | "REVERTED" | "WRONG_ANSWER";

export type WalletAnswer = { valid: true } | { valid: false; reason: WalletRefusal };

export interface WalletSignatureCheckerOptions {
  /** How the checker reads the chain; nothing is connected until check() is called. */
  client: Pick<PublicClient, "call" | "getCode">;
  /** The exchange: the wallet sees it as msg.sender, as under settle(). */
  exchange: Address;
  /** Which state to ask; "latest" by default ("pending" to see a wallet deployed in the next block). */
  blockTag?: BlockTag;
}

export class WalletSignatureChecker {
  readonly #client: WalletSignatureCheckerOptions["client"];
  readonly #exchange: Address;
  readonly #blockTag: BlockTag;

  constructor({ client, exchange, blockTag = "latest" }: WalletSignatureCheckerOptions) {
    this.#client = client;
    this.#exchange = exchange;
    this.#blockTag = blockTag;
  }

  /** Whether `wallet` accepts `signature` for `hash` as settle() would see it now. Throws WalletCheckUnavailableError when the node cannot be asked. */
  async check(wallet: Address, hash: Hex, signature: Hex): Promise<WalletAnswer> {
    const data = encodeFunctionData({
      abi: IS_VALID_SIGNATURE_ABI,
      functionName: "isValidSignature",
      args: [hash, signature],
    });
    // Code first: precompiles have none yet answer calls, and the contract refuses a maker without code.
    const code = await this.#ask(wallet, () => this.#client.getCode({ address: wallet, blockTag: this.#blockTag }));
    if (code === undefined || code === "0x") return { valid: false, reason: "NO_CODE" };
    let answer: Hex | undefined;
    try {
      ({ data: answer } = await this.#client.call({
        account: this.#exchange,
        to: wallet,
        data,
        gas: walletCallGas(data),
        blockTag: this.#blockTag,
      }));
    } catch (error) {
      if (isTransportFailure(error)) throw new WalletCheckUnavailableError(wallet, { cause: error });
      return { valid: false, reason: "REVERTED" }; // a revert or an out-of-gas: the contract's staticcall fails too
    }
    const word = answer === undefined || answer.length < 2 + 64 ? undefined : answer.slice(0, 66).toLowerCase();
    return word === EIP1271_MAGIC_WORD ? { valid: true } : { valid: false, reason: "WRONG_ANSWER" };
  }

  async #ask<T>(wallet: Address, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw new WalletCheckUnavailableError(wallet, { cause: error });
    }
  }
}

/**
 * The eth_call gas limit that leaves the wallet WALLET_GAS, as the contract's staticcall does: WALLET_GAS plus the
 * intrinsic gas (21,000, 4 per zero and 16 per other calldata byte). Since Prague (EIP-7623) a limit must also
 * cover the calldata floor (21,000 + 10 per token, a token per zero byte and 4 per other byte), which exceeds the
 * former only for calldata over ~4 kB; the wallet then gets more than WALLET_GAS, rather than no answer at all.
 */
export function walletCallGas(data: Hex): bigint {
  let zeros = 0n;
  let others = 0n;
  for (let i = 2; i < data.length; i += 2) {
    if (data[i] === "0" && data[i + 1] === "0") zeros++;
    else others++;
  }
  const intrinsic = 21_000n + 4n * zeros + 16n * others;
  const floor = 21_000n + 10n * (zeros + 4n * others);
  const limit = WALLET_GAS + intrinsic;
  return limit > floor ? limit : floor;
}

/** Whether the node could not be reached, as opposed to answering that the call failed. */
function isTransportFailure(error: unknown): boolean {
  if (!(error instanceof BaseError)) return true; // not viem's: not an answer from the node either
  return (
    error.walk(
      (e) => e instanceof HttpRequestError || e instanceof TimeoutError || e instanceof WebSocketRequestError,
    ) !== null
  );
}
