// The exchange's events the chain watcher reads, and the log record each one becomes. One `getLogs` reads them
// all, so deposits, cancels and exits are submitted in the chain's own order (block, then log index).
//
//   Deposited(account, token, amount)                → deposit-credited        { depositId, account, token, amount }
//   OrderCancelRequested(maker, orderHash, effective) → onchain-order-cancelled { eventId, maker, orderHash }
//   NonceFloorRequested(maker, floor, effectiveAt)    → onchain-nonce-floor     { eventId, maker, floor }
//   ExitRequested(account, withdrawableAt)            → account-exit-requested  { eventId, account }
//   ExitCancelled(account)                            → account-exit-cancelled  { eventId, account }
//
// The relayer acts at N confirmations; the contract binds a cancel only from `effectiveAt` (the cancel delay), so
// the relayer stops matching an order before settlement would refuse it (docs/chain-watcher.md).
import { getAbiItem, type Address, type Hex } from "viem";
import { EXCHANGE_ABI } from "../abi/exchange.js";
import type { ChainControlCommand, DepositCredited } from "../ledger/commands.js";
import { DEPOSITED_EVENT, depositId } from "./deposit-event.js";
import { ChainWatcherError } from "./errors.js";

export const ORDER_CANCEL_REQUESTED_EVENT = getAbiItem({ abi: EXCHANGE_ABI, name: "OrderCancelRequested" });
export const NONCE_FLOOR_REQUESTED_EVENT = getAbiItem({ abi: EXCHANGE_ABI, name: "NonceFloorRequested" });
export const EXIT_REQUESTED_EVENT = getAbiItem({ abi: EXCHANGE_ABI, name: "ExitRequested" });
export const EXIT_CANCELLED_EVENT = getAbiItem({ abi: EXCHANGE_ABI, name: "ExitCancelled" });

/** Every event the watcher reads. */
export const WATCHED_EVENTS = [
  DEPOSITED_EVENT,
  ORDER_CANCEL_REQUESTED_EVENT,
  NONCE_FLOOR_REQUESTED_EVENT,
  EXIT_REQUESTED_EVENT,
  EXIT_CANCELLED_EVENT,
] as const;

/** A record the watcher submits, as the sequencer takes it (it assigns seq and time). */
export type ChainEventRecord =
  | Omit<DepositCredited, "seq" | "time">
  | DistributiveOmit<ChainControlCommand, "seq" | "time">;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** One watched log on the chain: where it is, and the record it becomes. */
export interface ChainEventLog {
  readonly blockNumber: bigint;
  readonly blockHash: Hex;
  readonly transactionHash: Hex;
  readonly logIndex: number;
  readonly record: ChainEventRecord;
}

/**
 * The id of a log: `${transactionHash}:${logIndex}` (lower-case hash). The same log always gets the same id, so a
 * record submitted twice (a restart between submit and cursor write) is refused as a duplicate.
 */
export const eventId: (log: { transactionHash: Hex; logIndex: number }) => string = depositId;

/** Block order, then log order: the order records are submitted in (reversals go the other way). */
export function compareChainLogs(
  a: { blockNumber: bigint; logIndex: number },
  b: { blockNumber: bigint; logIndex: number },
): number {
  if (a.blockNumber !== b.blockNumber) return a.blockNumber < b.blockNumber ? -1 : 1;
  return a.logIndex - b.logIndex;
}

/** A decoded log as viem's `getLogs({ events: WATCHED_EVENTS, strict: true })` returns it. */
export interface RawWatchedLog {
  blockNumber: bigint | null;
  blockHash: Hex | null;
  transactionHash: Hex | null;
  logIndex: number | null;
  eventName: string;
  args: Record<string, unknown>;
}

export function toChainEventLog(log: RawWatchedLog): ChainEventLog {
  if (log.blockNumber === null || log.blockHash === null || log.transactionHash === null || log.logIndex === null) {
    throw new ChainWatcherError(
      "CHAIN_INCONSISTENT",
      `the node returned a pending ${log.eventName} log for a mined range`,
    );
  }
  const position = {
    blockNumber: log.blockNumber,
    blockHash: log.blockHash,
    transactionHash: log.transactionHash,
    logIndex: log.logIndex,
  };
  const id = eventId(position);
  return { ...position, record: toRecord(log.eventName, log.args, id) };
}

function toRecord(eventName: string, args: Record<string, unknown>, id: string): ChainEventRecord {
  const address = (name: string) => field(eventName, args, name, (v): v is Address => typeof v === "string");
  switch (eventName) {
    case "Deposited":
      return {
        type: "deposit-credited",
        depositId: id,
        account: address("account"),
        token: address("token"),
        amount: field(eventName, args, "amount", (v): v is bigint => typeof v === "bigint"),
      };
    case "OrderCancelRequested":
      return {
        type: "onchain-order-cancelled",
        eventId: id,
        maker: address("maker"),
        orderHash: field(eventName, args, "orderHash", (v): v is Hex => typeof v === "string").toLowerCase(),
      };
    case "NonceFloorRequested":
      return {
        type: "onchain-nonce-floor",
        eventId: id,
        maker: address("maker"),
        floor: field(eventName, args, "floor", (v): v is bigint => typeof v === "bigint"),
      };
    case "ExitRequested":
      return { type: "account-exit-requested", eventId: id, account: address("account") };
    case "ExitCancelled":
      return { type: "account-exit-cancelled", eventId: id, account: address("account") };
    default:
      throw new ChainWatcherError(
        "CHAIN_INCONSISTENT",
        `the node returned a ${eventName} log the watcher did not ask for`,
      );
  }
}

function field<T>(eventName: string, args: Record<string, unknown>, name: string, is: (v: unknown) => v is T): T {
  const value = args[name];
  if (!is(value))
    throw new ChainWatcherError(
      "CHAIN_INCONSISTENT",
      `the node returned a ${eventName} log that does not decode (${name})`,
    );
  return value;
}
