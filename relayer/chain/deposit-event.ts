// The exchange's `Deposited` event as the watcher reads it, and the id a credited deposit gets in the ledger.
import { getAbiItem, type Hex } from "viem";
import { EXCHANGE_ABI } from "../abi/exchange.js";

export const DEPOSITED_EVENT = getAbiItem({ abi: EXCHANGE_ABI, name: "Deposited" });

/**
 * The ledger's deposit id for a log: `${transactionHash}:${logIndex}`, the id every watched log gets
 * (exchange-events.ts `eventId`). The same log always gets the same id, so a credit submitted twice (a restart
 * between submit and cursor write) is refused as `duplicate-deposit`.
 */
export function depositId(log: { readonly transactionHash: Hex; readonly logIndex: number }): string {
  return `${log.transactionHash.toLowerCase()}:${log.logIndex}`;
}
