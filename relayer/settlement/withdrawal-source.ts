// The settler's SignedWithdrawalSource over the relayer's withdrawal store (POST /v1/withdrawals keeps each signed
// withdrawal there, under its EIP-712 hash: the id of its withdrawal-requested record).
import type { Hex } from "viem";
import type { WithdrawalStore } from "../services/withdrawal-store.js";
import type { SignedWithdrawalSource } from "./withdrawals.js";

export function withdrawalStoreSource(store: Pick<WithdrawalStore, "get">): SignedWithdrawalSource {
  return {
    async get(withdrawalId) {
      const stored = await store.get(withdrawalId as Hex);
      if (stored === undefined) return undefined;
      const w = stored.withdrawal;
      return {
        withdrawal: {
          account: w.account,
          token: w.token,
          amount: BigInt(w.amount),
          recipient: w.recipient,
          nonce: BigInt(w.nonce),
          expiry: BigInt(w.expiry),
        },
        signature: stored.signature,
      };
    },
  };
}
