// Whether the chain answers, for /health and /ready (relayer/http/health.ts). The settler and the chain watcher
// retry a failed call on their next step, so a node that stopped answering shows nowhere but in the settlement lag;
// this asks the node for its head on its own timer and keeps when it last answered. The chain counts as unreachable
// once no answer came for `staleAfterMs`, whether the calls fail or hang. What a failed call said is not kept: a
// viem error carries the RPC URL, whose path or query may hold a provider's key, and /health is public.
import type { PublicClient } from "viem";

export interface ChainHealthOptions {
  /** Delay between two head reads (after the previous one ended). Default 1,000 ms. */
  readonly pollMs?: number;
  /** No answer for this long: unreachable. Default 5,000 ms. */
  readonly staleAfterMs?: number;
  /** Milliseconds clock. Default Date.now. */
  readonly now?: () => number;
}

export interface ChainState {
  readonly status: "ok" | "unreachable";
  /** The last head the node answered (decimal string), null before its first answer. */
  readonly head: string | null;
  /** Milliseconds since the node last answered (since the monitor started, before its first answer). */
  readonly sinceLastAnswerMs: number;
}

export const DEFAULT_CHAIN_POLL_MS = 1_000;
export const DEFAULT_CHAIN_STALE_AFTER_MS = 5_000;

export class ChainHealth {
  private readonly pollMs: number;
  private readonly staleAfterMs: number;
  private readonly now: () => number;
  private head: bigint | null = null;
  private lastAnswerAt: number;
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly client: Pick<PublicClient, "getBlockNumber">,
    options: ChainHealthOptions = {},
  ) {
    this.pollMs = options.pollMs ?? DEFAULT_CHAIN_POLL_MS;
    this.staleAfterMs = options.staleAfterMs ?? DEFAULT_CHAIN_STALE_AFTER_MS;
    this.now = options.now ?? Date.now;
    for (const [name, value] of [
      ["pollMs", this.pollMs],
      ["staleAfterMs", this.staleAfterMs],
    ] as const) {
      if (!Number.isSafeInteger(value) || value < 1)
        throw new RangeError(`${name} must be a positive integer, got ${value}`);
    }
    this.lastAnswerAt = this.now();
  }

  get state(): ChainState {
    const since = Math.max(0, this.now() - this.lastAnswerAt);
    return {
      status: since > this.staleAfterMs ? "unreachable" : "ok",
      head: this.head?.toString() ?? null,
      sinceLastAnswerMs: since,
    };
  }

  /** Reads the head now and then every `pollMs`. Starting a running monitor does nothing. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.lastAnswerAt = this.now();
    const tick = () => {
      this.timer = null;
      void this.poll().finally(() => {
        if (this.running) this.timer = setTimeout(tick, this.pollMs);
      });
    };
    tick();
  }

  /** No read is started after this. One under way is not waited for (it only sets this monitor's fields). */
  stop(): void {
    this.running = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private async poll(): Promise<void> {
    try {
      this.head = await this.client.getBlockNumber({ cacheTime: 0 });
      this.lastAnswerAt = this.now();
    } catch {
      // Unanswered: `lastAnswerAt` stays, and the state turns unreachable once it is older than staleAfterMs.
    }
  }
}
