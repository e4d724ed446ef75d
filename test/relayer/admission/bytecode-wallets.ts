// Hand-assembled EIP-1271 "wallets" for the edges of the contract's wallet rule that no Solidity wallet shows
// (and contracts/ is not ours to extend): what a wallet returns byte for byte, and how much gas it was given.
// Each runtime ignores its calldata; deployWallet wraps it in the smallest init code that returns it.
import { concat, numberToHex, size, type Address, type Hex } from "viem";
import type { ExchangeFixture } from "../../contracts/fixture.js";

export const MAGIC_WORD: Hex = `0x1626ba7e${"0".repeat(56)}`;

/** Runtime that returns (or, with `revert`, reverts with) exactly `answer`: CODECOPY it from behind the code. */
export function answering(answer: Hex, { revert = false } = {}): Hex {
  const length = size(answer);
  if (length > 0xff) throw new RangeError("answer too long for PUSH1");
  const len = numberToHex(length, { size: 1 });
  // PUSH1 len PUSH1 12 PUSH1 0 CODECOPY  PUSH1 len PUSH1 0 RETURN|REVERT  <answer>
  return concat([`0x60${len.slice(2)}600c600039`, `0x60${len.slice(2)}6000`, revert ? "0xfd" : "0xf3", answer]);
}

/**
 * Runtime that answers the magic word iff its first opcode, GAS, reads at least `minimumGas`, else a zero word.
 * GAS reads what is left after its own 2 gas: a wallet given exactly 100,000 reads 99,998.
 */
export function needingGas(minimumGas: number): Hex {
  // GAS PUSH3 (minimumGas - 1) LT  PUSH32 magic MUL  PUSH1 0 MSTORE  PUSH1 32 PUSH1 0 RETURN
  return concat([
    "0x5a",
    "0x62",
    numberToHex(minimumGas - 1, { size: 3 }),
    "0x10",
    "0x7f",
    MAGIC_WORD,
    "0x02600052",
    "0x60206000f3",
  ]);
}

/** Deploys `runtime` as a contract: PUSH2 size DUP1 PUSH1 12 PUSH1 0 CODECOPY PUSH1 0 RETURN <runtime>. */
export async function deployWallet(f: ExchangeFixture, runtime: Hex): Promise<Address> {
  const init = concat(["0x61", numberToHex(size(runtime), { size: 2 }), "0x80600c6000396000f3", runtime]);
  const hash = await f.admin.sendTransaction({ data: init });
  const { contractAddress } = await f.publicClient.waitForTransactionReceipt({ hash });
  if (!contractAddress) throw new Error("deployment created no contract");
  return contractAddress;
}
