// The chain watcher: the exchange's logs with N confirmations become records in the sequencer's log, in block and
// log order, exactly once — deposits (`deposit-credited`) and the order controls (on-chain cancels, nonce floors,
// exit requests and their cancellation: exchange-events.ts). A reorg that drops a processed block becomes
// `deposit-reversed` records for the deposits credited from it (newest first), then a re-scan; a control applied
// at N confirmations is not undone (docs/chain-watcher.md). Nothing connects at import: `ChainWatcher.open` opens
// its store, `pollOnce` reads the chain.
import { join } from "node:path";
import type { Address, Hex, PublicClient } from "viem";
import type { LedgerRejection } from "../ledger/index.js";
import type { DepositReversed } from "../ledger/commands.js";
import { ChainWatcherError } from "./errors.js";
import {
  compareChainLogs,
  toChainEventLog,
  WATCHED_EVENTS,
  type ChainEventRecord,
  type RawWatchedLog,
} from "./exchange-events.js";
import { WatcherStore, type ProcessedBlock } from "./watcher-store.js";

/** The ledger records this watcher submits, as the sequencer takes them (it assigns seq and time). */
export type WatcherRecord = ChainEventRecord | Omit<DepositReversed, "seq" | "time">;

/** The sequencer's `submit`, narrowed to what the watcher needs from the acknowledgement. */
export type SubmitRecord = (record: WatcherRecord) => Promise<{ readonly rejection: LedgerRejection | null }>;

/** What the watcher reads from the node. */
export type ChainReader = Pick<PublicClient, "getBlockNumber" | "getBlock" | "getLogs">;

export interface ChainWatcherOptions {
  readonly client: ChainReader;
  readonly exchange: Address;
  /** A log in block b is submitted once the head is at b + N − 1 (N = 1: as soon as it is mined). */
  readonly confirmations: number;
  readonly submit: SubmitRecord;
  /** The relayer's data directory; the watcher keeps its cursor in `chain-watcher/` inside it. */
  readonly dataDir: string;
  /** The first block to scan when there is no cursor yet (the exchange's deployment block). Default 0. */
  readonly fromBlock?: bigint;
  /** How many processed blocks keep their hash (and credited ids) for reorg detection. Default 128. */
  readonly window?: number;
  /** The most blocks one poll scans (catch-up happens over several polls). Default 2,000. */
  readonly maxBlocksPerPoll?: number;
  /** Delay between polls after `start()`. Default 2,000 ms. */
  readonly pollIntervalMs?: number;
  /** A poll that threw (after `start()`); the next poll still runs. */
  readonly onError?: (error: unknown) => void;
  /** The machine refused a record for another reason than a repeated id (it changed nothing; the refusal is logged). */
  readonly onRefused?: (record: WatcherRecord, rejection: LedgerRejection) => void;
}

/** What one poll did: the ids credited, applied and reversed (in submission order) and the block range scanned. */
export interface PollResult {
  readonly head: bigint;
  readonly credited: string[];
  readonly reversed: string[];
  /** Ids whose credit the ledger already had (a restart between submit and cursor write). */
  readonly alreadyCredited: string[];
  /** Ids of the order controls applied (cancels, nonce floors, exit requests and cancellations). */
  readonly applied: string[];
  /** Ids of controls the machine already had applied (a restart between submit and cursor write). */
  readonly alreadyApplied: string[];
  /** The last fully processed block after this poll, or null if none yet. */
  readonly cursor: bigint | null;
}

export class ChainWatcher {
  private readonly confirmations: bigint;
  private readonly window: bigint;
  private readonly maxBlocks: bigint;
  private readonly fromBlock: bigint;
  private polling: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private closed = false;

  private constructor(
    private readonly options: ChainWatcherOptions,
    private readonly store: WatcherStore,
  ) {
    if (!Number.isSafeInteger(options.confirmations) || options.confirmations < 1) {
      throw new RangeError(`confirmations must be a positive integer, got ${options.confirmations}`);
    }
    this.confirmations = BigInt(options.confirmations);
    this.window = BigInt(options.window ?? 128);
    this.maxBlocks = BigInt(options.maxBlocksPerPoll ?? 2_000);
    this.fromBlock = options.fromBlock ?? 0n;
    if (this.window < 1n || this.maxBlocks < 1n) throw new RangeError("window and maxBlocksPerPoll must be positive");
  }

  /** Opens the watcher's store under `dataDir`; reads nothing from the chain yet. */
  static async open(options: ChainWatcherOptions): Promise<ChainWatcher> {
    const store = await WatcherStore.open(join(options.dataDir, "chain-watcher"));
    try {
      return new ChainWatcher(options, store);
    } catch (error) {
      await store.close();
      throw error;
    }
  }

  /** One poll: unwind a reorg if there was one, then submit what reached N confirmations. Polls never overlap. */
  pollOnce(): Promise<PollResult> {
    if (this.closed) return Promise.reject(new ChainWatcherError("WATCHER_CLOSED", "pollOnce() on a closed watcher"));
    const run = this.polling.then(
      () => this.poll(),
      () => this.poll(),
    );
    this.polling = run.catch(() => undefined);
    return run;
  }

  /** Polls every `pollIntervalMs` until `stop()`. */
  start(): void {
    if (this.closed) throw new ChainWatcherError("WATCHER_CLOSED", "start() on a closed watcher");
    if (this.running) return;
    this.running = true;
    const tick = () => {
      this.timer = null;
      this.pollOnce()
        .catch((error) => this.options.onError?.(error))
        .finally(() => {
          if (this.running) this.timer = setTimeout(tick, this.options.pollIntervalMs ?? 2_000);
        });
    };
    tick();
  }

  /** Stops polling and waits for a poll in flight. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.polling;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.stop();
    this.closed = true;
    await this.store.close();
  }

  // ----- one poll -----

  private async poll(): Promise<PollResult> {
    const { client } = this.options;
    const head = await client.getBlockNumber({ cacheTime: 0 });
    const result: PollResult = {
      head,
      credited: [],
      reversed: [],
      alreadyCredited: [],
      applied: [],
      alreadyApplied: [],
      cursor: null,
    };
    let cursor = await this.store.cursor();
    if (cursor !== null) {
      const current = await this.blockHash(cursor.number);
      if (current !== cursor.hash) cursor = await this.unwind(result);
    }
    const done = (c: ProcessedBlock | null): PollResult => ({ ...result, cursor: c?.number ?? null });

    const from = cursor === null ? this.fromBlock : cursor.number + 1n;
    let to = head - this.confirmations + 1n;
    if (to - from + 1n > this.maxBlocks) to = from + this.maxBlocks - 1n;
    if (to < from) return done(cursor);

    const raw = await client.getLogs({
      address: this.options.exchange,
      events: WATCHED_EVENTS,
      fromBlock: from,
      toBlock: to,
      strict: true,
    });
    const logs = (raw as unknown as RawWatchedLog[]).map(toChainEventLog).sort(compareChainLogs);
    // The headers of the blocks this poll will remember: they must form one chain, continue the cursor, and hold
    // the logs just read. If not, the chain moved under us: nothing is credited, the next poll starts over.
    const first = to - this.window + 1n > from ? to - this.window + 1n : from;
    const headers = await Promise.all(range(first, to).map((n) => client.getBlock({ blockNumber: n })));
    // Hardhat's `hardhat_mine` reports a zero parentHash for the blocks it reserves: that link is unknown, so the
    // cursor is read again instead (and a link inside the range is taken on trust).
    const links = (h: { parentHash: Hex }, parent: Hex) => h.parentHash === parent || h.parentHash === ZERO_HASH;
    const consistent =
      headers.every((h, i) => i === 0 || links(h, headers[i - 1].hash!)) &&
      (first !== from || cursor === null || links(headers[0], cursor.hash)) &&
      logs.every((l) => l.blockNumber < first || headers[Number(l.blockNumber - first)].hash === l.blockHash) &&
      (cursor === null || (await this.blockHash(cursor.number)) === cursor.hash);
    if (!consistent) return done(cursor);

    const creditedIn = new Map<bigint, string[]>();
    for (const { record, blockNumber } of logs) {
      const { rejection } = await this.options.submit(record);
      if (record.type !== "deposit-credited") {
        if (rejection === null) result.applied.push(record.eventId);
        else if (rejection.code === "duplicate-chain-event") result.alreadyApplied.push(record.eventId);
        else this.options.onRefused?.(record, rejection);
        continue;
      }
      const id = record.depositId;
      if (rejection === null) result.credited.push(id);
      else if (rejection.code === "duplicate-deposit") result.alreadyCredited.push(id);
      else {
        this.options.onRefused?.(record, rejection);
        continue;
      }
      const ids = creditedIn.get(blockNumber) ?? [];
      ids.push(id);
      creditedIn.set(blockNumber, ids);
    }
    const processed = headers.map((h) => ({
      number: h.number!,
      hash: h.hash!,
      deposits: creditedIn.get(h.number!) ?? [],
    }));
    const forget = to - this.window;
    await this.store.advance(processed, forget >= 0n ? forget : null);
    return done(processed[processed.length - 1]);
  }

  /**
   * A processed block changed: finds the newest remembered block still on the chain, reverses (newest first) the
   * deposits credited from the blocks after it, and rewinds the cursor to it. Returns the new cursor.
   */
  private async unwind(result: PollResult): Promise<ProcessedBlock | null> {
    const remembered = await this.store.recentBlocks();
    const orphaned: ProcessedBlock[] = [];
    let ancestor: ProcessedBlock | null = null;
    for (const block of remembered) {
      if ((await this.blockHash(block.number)) === block.hash) {
        ancestor = block;
        break;
      }
      orphaned.push(block);
    }
    const oldest = remembered[remembered.length - 1];
    if (ancestor === null && (oldest === undefined || oldest.number !== this.fromBlock)) {
      throw new ChainWatcherError(
        "REORG_TOO_DEEP",
        `none of the last ${remembered.length} processed blocks is on the chain any more`,
        {
          details:
            "the deposits credited from the dropped blocks cannot be named; an operator must reconcile the ledger",
        },
      );
    }
    for (const block of orphaned) {
      for (const id of [...block.deposits].reverse()) {
        const { rejection } = await this.options.submit({ type: "deposit-reversed", depositId: id });
        if (rejection === null) result.reversed.push(id);
        else if (rejection.code !== "unknown-deposit") {
          throw new ChainWatcherError(
            "REVERSAL_REFUSED",
            `the ledger refused to reverse deposit ${id}: ${rejection.code}`,
            {
              details: "free the account's funds (cancel its orders), then the next poll retries the reversal",
            },
          );
        }
      }
    }
    await this.store.rewind(ancestor, orphaned);
    return ancestor;
  }

  /** The hash of block `n` on the node's current chain, or null if it has no such block. */
  private async blockHash(n: bigint): Promise<Hex | null> {
    try {
      return (await this.options.client.getBlock({ blockNumber: n })).hash;
    } catch (error) {
      if (error instanceof Error && error.name === "BlockNotFoundError") return null;
      throw error;
    }
  }
}

const ZERO_HASH: Hex = `0x${"0".repeat(64)}`;

function range(from: bigint, to: bigint): bigint[] {
  const out: bigint[] = [];
  for (let n = from; n <= to; n++) out.push(n);
  return out;
}
