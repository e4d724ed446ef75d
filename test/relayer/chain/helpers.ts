// Shared set-up for the chain watcher tests: an exchange on a Hardhat chain (test/contracts/fixture.ts), a real
// sequencer on a temp data directory, and deposits that return the ledger id of their Deposited log.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEventLogs, type Address } from "viem";
import { DEPOSITED_EVENT, depositId, ChainWatcher, type ChainWatcherOptions } from "../../../relayer/chain/index.js";
import type { Sequencer } from "../../../relayer/sequencer/index.js";
import { openSequencer } from "../../../relayer/machine/index.js";
import { deployExchange, type Connection } from "../../contracts/fixture.js";
import { ledgerMarkets } from "../ledger/markets.js";

export const FEE_BPS = 100n; // the fee-on-transfer token burns 1% of every transfer

/** The exchange fixture plus a fee-on-transfer token and the block the watcher starts scanning from. */
export async function deployWatched(connection: Connection) {
  const f = await deployExchange(connection);
  const feeToken = await f.viem.deployContract("FeeOnTransferToken", [FEE_BPS]);
  const fromBlock = await f.publicClient.getBlockNumber({ cacheTime: 0 });
  return { ...f, feeToken, fromBlock };
}
export type Watched = Awaited<ReturnType<typeof deployWatched>>;
type Wallet = Watched["traders"][number];

/** Mints, approves and deposits `amount` of `token` for `wallet`; returns the Deposited log's id, block and amount credited. */
export async function deposit(
  f: Watched,
  wallet: Wallet,
  token: Watched["weth"] | Watched["feeToken"],
  amount: bigint,
) {
  await (token as Watched["weth"]).write.mint([wallet.account.address, amount]);
  await token.write.approve([f.exchange.address, amount], { account: wallet.account });
  const hash = await f.exchange.write.deposit([token.address, amount], { account: wallet.account });
  const receipt = await f.publicClient.waitForTransactionReceipt({ hash });
  const [log] = parseEventLogs({ abi: [DEPOSITED_EVENT], logs: receipt.logs });
  return {
    id: depositId(log),
    blockNumber: receipt.blockNumber,
    amount: log.args.amount,
    account: wallet.account.address,
    token: token.address as Address,
  };
}

/** A temp data directory, a recovered sequencer in it, and watchers opened on it; `close` shuts everything. */
export class Harness {
  sequencer!: Sequencer;
  private readonly watchers: ChainWatcher[] = [];
  private constructor(readonly dir: string) {}

  static async create(): Promise<Harness> {
    const h = new Harness(await mkdtemp(join(tmpdir(), "chain-watcher-test-")));
    await h.openSequencer();
    return h;
  }

  async openSequencer(): Promise<void> {
    this.sequencer = await openSequencer({
      directory: join(this.dir, "sequencer"),
      engine: { markets: ledgerMarkets() },
      clock: () => 1_000,
    });
    await this.sequencer.recover();
  }

  async watcher(f: Watched, confirmations: number, options: Partial<ChainWatcherOptions> = {}): Promise<ChainWatcher> {
    const w = await ChainWatcher.open({
      client: f.publicClient,
      exchange: f.exchange.address,
      confirmations,
      submit: (record) => this.sequencer.submit(record),
      dataDir: this.dir,
      fromBlock: f.fromBlock,
      ...options,
    });
    this.watchers.push(w);
    return w;
  }

  deposited(account: Address, token: Address): bigint {
    return this.sequencer.ledgerView.ledger.balance(account, token).deposited;
  }

  depositIds(): string[] {
    return this.sequencer.ledgerView.ledger.depositIds();
  }

  async close(): Promise<void> {
    for (const w of this.watchers.splice(0)) await w.close();
    await this.sequencer.close();
    await rm(this.dir, { recursive: true, force: true });
  }
}
