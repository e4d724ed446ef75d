// Sends settle() transactions from the operator account, with its own nonces: the pending transaction count once at
// start, then counted locally (resynced after a reorg). Every batch is simulated (eth_estimateGas runs the call
// against the latest state) before it is signed; a revert comes back decoded. A transaction is signed here, handed
// back to be stored, and only then broadcast. A stuck one is replaced with the same nonce and fees ≥ +12.5 % on both
// maxFeePerGas and maxPriorityFeePerGas (nodes require at least +10 %).
import {
  BaseError,
  ContractFunctionRevertedError,
  encodeFunctionData,
  keccak256,
  type Address,
  type Hex,
  type LocalAccount,
  type PublicClient,
} from "viem";
import { estimateContractGas, estimateFeesPerGas, getTransactionCount, sendRawTransaction } from "viem/actions";
import type { Batch, Withdrawal as WithdrawalMessage } from "../../protocol/index.js";
import { SETTLEMENT_ABI } from "./exchange-abi.js";
import type { Revert, Simulation } from "./isolate.js";
import type { SentTransaction } from "./settlement-store.js";

/** The transaction gas cap of the chains we target (EIP-7825: 2^24). */
export const MAX_TX_GAS = 1n << 24n;

export interface SubmitterOptions {
  readonly client: PublicClient;
  readonly account: LocalAccount;
  readonly exchange: Address;
  readonly chainId: number;
  /** Gas limit = estimate × (100 + margin) / 100, at most MAX_TX_GAS. Default 20. */
  readonly gasMarginPercent?: number;
  /** Replacement fee increase, in tenths of a percent. Default 125 (+12.5 %). */
  readonly feeBumpPermille?: number;
  /** Milliseconds clock (for `sentAt`). */
  readonly now: () => number;
}

export type SimulationWithGas = (Simulation & { ok: true; gas: bigint }) | (Simulation & { ok: false });

export class Submitter {
  private nonce: number | null = null;

  constructor(private readonly options: SubmitterOptions) {}

  get operator(): Address {
    return this.options.account.address;
  }

  /** Reads the operator's pending nonce from the chain (at start, and after a reorg). */
  async resync(): Promise<void> {
    this.nonce = await getTransactionCount(this.options.client, { address: this.operator, blockTag: "pending" });
  }

  /** A stored transaction with this nonce was (re)broadcast: new transactions take the nonces after it. */
  noteUsed(nonce: number): void {
    if (this.nonce === null || this.nonce <= nonce) this.nonce = nonce + 1;
  }

  /** The operator's mined transaction count: nonces below it are used for good. */
  minedNonce(): Promise<number> {
    return getTransactionCount(this.options.client, { address: this.operator, blockTag: "latest" });
  }

  settleCalldata(batch: Batch): Hex {
    return encodeFunctionData({ abi: SETTLEMENT_ABI, functionName: "settle", args: [batch] });
  }

  /** settle(batch) as the operator, against the latest state: the gas it needs, or the decoded revert. */
  async simulate(batch: Batch): Promise<SimulationWithGas> {
    return this.simulated(() =>
      estimateContractGas(this.options.client, {
        address: this.options.exchange,
        abi: SETTLEMENT_ABI,
        functionName: "settle",
        args: [batch],
        account: this.operator,
      }),
    );
  }

  withdrawCalldata(withdrawal: WithdrawalMessage, signature: Hex): Hex {
    return encodeFunctionData({
      abi: SETTLEMENT_ABI,
      functionName: "withdraw",
      args: [withdrawalArgument(withdrawal), signature],
    });
  }

  /** withdraw(withdrawal, signature) as the operator, against the latest state. */
  async simulateWithdrawal(withdrawal: WithdrawalMessage, signature: Hex): Promise<SimulationWithGas> {
    return this.simulated(() =>
      estimateContractGas(this.options.client, {
        address: this.options.exchange,
        abi: SETTLEMENT_ABI,
        functionName: "withdraw",
        args: [withdrawalArgument(withdrawal), signature],
        account: this.operator,
      }),
    );
  }

  /** A gas estimate as a simulation: a decoded revert is a refusal with its reason; any other failure is thrown. */
  private async simulated(estimate: () => Promise<bigint>): Promise<SimulationWithGas> {
    try {
      return { ok: true, gas: await estimate() };
    } catch (error) {
      const revert = decodedRevert(error);
      if (revert === undefined) throw error;
      return { ok: false, reason: revert === null ? shortMessage(error) : describeRevert(revert), revert };
    }
  }

  /** Signs a new transaction (the next local nonce) for `data` with `gas` (the simulation's estimate). */
  async sign(data: Hex, gas: bigint): Promise<SentTransaction> {
    if (this.nonce === null) await this.resync();
    const fees = await estimateFeesPerGas(this.options.client);
    const margin = BigInt(this.options.gasMarginPercent ?? 20);
    let limit = (gas * (100n + margin)) / 100n;
    if (limit > MAX_TX_GAS) limit = MAX_TX_GAS;
    const nonce = this.nonce!;
    this.nonce = nonce + 1;
    return this.signWith(data, limit, nonce, fees.maxFeePerGas, fees.maxPriorityFeePerGas);
  }

  /** Signs the replacement of `stuck`: same nonce, same data and gas, both fees at least +12.5 % (or today's, if higher). */
  async replacement(stuck: SentTransaction, data: Hex): Promise<SentTransaction> {
    const fees = await estimateFeesPerGas(this.options.client);
    const bump = BigInt(1000 + (this.options.feeBumpPermille ?? 125));
    const bumped = (old: string) => (BigInt(old) * bump + 999n) / 1000n;
    const maxFee = max(bumped(stuck.maxFeePerGas), fees.maxFeePerGas);
    const priority = max(bumped(stuck.maxPriorityFeePerGas), fees.maxPriorityFeePerGas);
    return this.signWith(data, BigInt(stuck.gas), stuck.nonce, max(maxFee, priority), priority);
  }

  /**
   * Broadcasts a stored transaction. A node that already has it (or has mined its nonce) is not an error here: the
   * tracker reads the receipts and decides.
   */
  async broadcast(tx: SentTransaction): Promise<"sent" | "known" | "nonce-used"> {
    try {
      await sendRawTransaction(this.options.client, { serializedTransaction: tx.raw });
      return "sent";
    } catch (error) {
      const message = error instanceof Error ? error.message.toLowerCase() : String(error);
      if (
        message.includes("already known") ||
        message.includes("already imported") ||
        message.includes("known transaction")
      )
        return "known";
      // Another transaction of ours with this nonce is pending (the one this replaces, or its replacement).
      if (message.includes("underpriced")) return "known";
      if (message.includes("nonce too low") || message.includes("nonce is too low")) return "nonce-used";
      throw error;
    }
  }

  private async signWith(
    data: Hex,
    gas: bigint,
    nonce: number,
    maxFeePerGas: bigint,
    maxPriorityFeePerGas: bigint,
  ): Promise<SentTransaction> {
    const { account, exchange, chainId } = this.options;
    if (account.signTransaction === undefined)
      throw new TypeError("the operator account cannot sign transactions locally");
    const raw = await account.signTransaction({
      type: "eip1559",
      chainId,
      nonce,
      to: exchange,
      data,
      gas,
      maxFeePerGas,
      maxPriorityFeePerGas,
      value: 0n,
    });
    return {
      hash: keccak256(raw),
      raw,
      nonce,
      gas: gas.toString(),
      maxFeePerGas: maxFeePerGas.toString(),
      maxPriorityFeePerGas: maxPriorityFeePerGas.toString(),
      sentAt: this.options.now(),
    };
  }
}

const max = (a: bigint, b: bigint) => (a > b ? a : b);

/** uint40 `expiry` is a number in viem's ABI types; the protocol type keeps it a bigint. */
const withdrawalArgument = (w: WithdrawalMessage) => ({ ...w, expiry: Number(w.expiry) });

/** The decoded custom error of a reverted call; null for a revert without a known error; undefined if `error` is not a revert. */
export function decodedRevert(error: unknown): Revert | null | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError)) return undefined;
  if (reverted.data === undefined) return null;
  return { name: reverted.data.errorName, args: reverted.data.args ?? [] };
}

export function describeRevert(revert: Revert): string {
  return `${revert.name}(${revert.args.map((a) => String(a)).join(", ")})`;
}

function shortMessage(error: unknown): string {
  return error instanceof BaseError ? error.shortMessage : String(error);
}
