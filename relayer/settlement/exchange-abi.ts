// The Exchange's ABI as the settler calls and reads it: the whole ABI generated from the compiled contract
// (relayer/abi/exchange.ts, `npm run abi`), so settle, withdraw and the views are typed and every custom error a
// simulated revert raises decodes to its name and values.
import { EXCHANGE_ABI } from "../abi/exchange.js";

export const SETTLEMENT_ABI = EXCHANGE_ABI;
