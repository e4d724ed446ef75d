// The exchange's `Deposited` event as the watcher reads it, and the id a credited deposit gets in the ledger.
import { parseAbiItem, type Hex } from "viem";

/** Same signature as contracts/interfaces/IExchangeEvents.sol. */
export const DEPOSITED_EVENT = parseAbiItem("event Deposited(address indexed account, address indexed token, uint256 amount)");

/**
 * The ledger's deposit id for a log: `${transactionHash}:${logIndex}`, the id every watched log gets
 * (exchange-events.ts `eventId`). The same log always gets the same id, so a credit submitted twice (a restart
 * between submit and cursor write) is refused as `duplicate-deposit`.
 */
export function depositId(log: { readonly transactionHash: Hex; readonly logIndex: number }): string {
  return `${log.transactionHash.toLowerCase()}:${log.logIndex}`;
}
