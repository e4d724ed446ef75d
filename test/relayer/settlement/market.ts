// The WETH-USDC market of the settlement tests over deployed token addresses, and deterministic trader keys.
// Free of Hardhat imports: the crash test's child process loads it.
import { keccak256, toHex } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";

// The one definition of the market, shared with bench:settlement and sim:settlement-blocks.
export {
  SETTLEMENT_LOT as LOT,
  SETTLEMENT_TICK as TICK,
  settlementMarkets as marketsConfig,
} from "../../../scripts/bench/settlement-market.js";

export const trader = (i: number): PrivateKeyAccount => privateKeyToAccount(keccak256(toHex(`settlement-trader-${i}`)));
