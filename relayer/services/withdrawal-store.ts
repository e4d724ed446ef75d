// The signed withdrawals the relayer accepted, durable (LevelDB `withdrawals/` in the data directory): the message
// and its signature, which the settlement pipeline needs to call `withdraw(withdrawal, signature)` on-chain, and
// what the relayer knows of its fate. A withdrawal is written (synced) BEFORE its `withdrawal-requested` record is
// submitted, as `pending`; the acknowledgement makes it `requested` (with its seq) or deletes it (a ledger refusal
// changes nothing); `withdrawal-settled` / `withdrawal-failed` records make it `settled` / `failed`.
//
// Keys:  w:<id>                     → StoredWithdrawal
//        a:<account>:<n, 16 digits> → id      (n counts up per store: the listing order, newest first)
import { ClassicLevel } from "classic-level";
import type { Address, Hex } from "viem";

export type WithdrawalStatus = "pending" | "requested" | "settled" | "failed";

/** The signed message in its wire form (decimal strings), as the client sent it (lower-case addresses). */
export interface WireWithdrawal {
  account: Address;
  token: Address;
  amount: string;
  recipient: Address;
  nonce: string;
  expiry: string;
}

export interface StoredWithdrawal {
  /** The withdrawal's EIP-712 hash under the exchange's domain: the contract's id for it too. */
  id: Hex;
  /** The store's own counter: listing order. */
  n: number;
  withdrawal: WireWithdrawal;
  signature: Hex;
  status: WithdrawalStatus;
  /** The seq of the withdrawal-requested record, once acknowledged. */
  seq: number | null;
}

const BY_ID = "w:";
const BY_ACCOUNT = "a:";
const N_DIGITS = 16;

export interface WithdrawalPage {
  items: StoredWithdrawal[];
  /** The `n` of the last item when more may follow, else null. */
  next: number | null;
}

export class WithdrawalStore {
  private nextN: number;

  private constructor(
    private readonly db: ClassicLevel<string, StoredWithdrawal | string>,
    lastN: number,
  ) {
    this.nextN = lastN + 1;
  }

  static async open(directory: string): Promise<WithdrawalStore> {
    const db = new ClassicLevel<string, StoredWithdrawal | string>(directory, { valueEncoding: "json" });
    await db.open();
    let lastN = 0;
    for await (const value of db.values({ gte: BY_ID, lt: BY_ID + "\xff" }))
      lastN = Math.max(lastN, (value as StoredWithdrawal).n);
    return new WithdrawalStore(db, lastN);
  }

  /** Stores a new withdrawal (synced) and gives it the next listing number. */
  async add(entry: Omit<StoredWithdrawal, "n">): Promise<StoredWithdrawal> {
    const stored: StoredWithdrawal = { ...entry, n: this.nextN++ };
    await this.db.batch(
      [
        { type: "put", key: BY_ID + stored.id, value: stored as StoredWithdrawal | string },
        {
          type: "put",
          key: accountKey(stored.withdrawal.account, stored.n),
          value: stored.id as StoredWithdrawal | string,
        },
      ],
      { sync: true },
    );
    return stored;
  }

  /** Rewrites an entry's status (and seq). */
  async update(stored: StoredWithdrawal): Promise<void> {
    await this.db.put(BY_ID + stored.id, stored, { sync: true });
  }

  async delete(stored: StoredWithdrawal): Promise<void> {
    await this.db.batch(
      [
        { type: "del", key: BY_ID + stored.id },
        { type: "del", key: accountKey(stored.withdrawal.account, stored.n) },
      ],
      { sync: true },
    );
  }

  async get(id: Hex): Promise<StoredWithdrawal | undefined> {
    const value = await this.db.get(BY_ID + id);
    return value === undefined ? undefined : (value as StoredWithdrawal);
  }

  /** Every entry, oldest first (for the start-up reconciliation). */
  async all(): Promise<StoredWithdrawal[]> {
    const all: StoredWithdrawal[] = [];
    for await (const value of this.db.values({ gte: BY_ID, lt: BY_ID + "\xff" })) all.push(value as StoredWithdrawal);
    return all.sort((a, b) => a.n - b.n);
  }

  /** `account`'s withdrawals, newest first, `limit` of them after (older than) the one numbered `before`. */
  async listByAccount(account: string, before: number | null, limit: number): Promise<WithdrawalPage> {
    const prefix = `${BY_ACCOUNT}${account.toLowerCase()}:`;
    const lt = before === null ? prefix + "\xff" : accountKey(account, before);
    const ids: Hex[] = [];
    for await (const id of this.db.values({ gte: prefix, lt, reverse: true, limit: limit + 1 })) ids.push(id as Hex);
    const items: StoredWithdrawal[] = [];
    for (const id of ids.slice(0, limit)) {
      const stored = await this.get(id);
      if (stored !== undefined) items.push(stored);
    }
    return { items, next: ids.length > limit && items.length > 0 ? items[items.length - 1].n : null };
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

function accountKey(account: string, n: number): string {
  return `${BY_ACCOUNT}${account.toLowerCase()}:${String(n).padStart(N_DIGITS, "0")}`;
}
