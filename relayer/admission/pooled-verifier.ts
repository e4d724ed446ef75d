// Order signatures for HTTP admission, verified on the VerifierPool's worker threads (relayer/admission/) so the
// main thread keeps parsing, sequencing and matching while the workers recover keys. Calls made in the same turn of
// the event loop (a batch, or concurrent requests) go to the pool as one verifyMany, so a burst costs one message
// per worker, not one per order. The verdict is verifyOrder's, the very function the worker runs; the EIP-1271
// fallback (a chain call) stays with the caller in the main thread. If the pool fails (a worker died, or it is
// closed while requests are in flight) the affected orders are verified in this thread instead: same verdict, slower.
import type { Hex } from "viem";
import type { Order } from "../../protocol/index.js";
import { verifyOrder, type SignatureVerdict } from "./order-verifier.js";
import { VerifierPool, type VerifyItem } from "./verifier-pool.js";
import type { Logger } from "../log/index.js";

export interface OrderSignatureVerifier {
  verify(separator: Hex, order: Order, signature: Hex): Promise<SignatureVerdict>;
  close(): Promise<void>;
}

/** verifyOrder in the calling thread: verifierThreads 0. */
export const inThreadVerifier: OrderSignatureVerifier = {
  verify: (separator, order, signature) => Promise.resolve(verifyOrder(separator, order, signature)),
  close: () => Promise.resolve(),
};

interface Waiting {
  item: VerifyItem;
  resolve(verdict: SignatureVerdict): void;
}

export class PooledVerifier implements OrderSignatureVerifier {
  private queue: Waiting[] = [];
  private scheduled = false;
  private warned = false;
  /** Orders verified on the pool, and in this thread after a pool failure. */
  readonly counts = { pooled: 0, fallback: 0 };

  private constructor(
    private readonly pool: VerifierPool,
    private readonly logger: Logger,
  ) {}

  /** `logger` is the caller's: admission loads no logger of its own, which would make it import the log, and through
   *  it the config and the markets, which import the errors, which import admission. */
  static async start(threads: number, logger: Logger): Promise<PooledVerifier> {
    return new PooledVerifier(await VerifierPool.start({ size: threads }), logger);
  }

  get threads(): number {
    return this.pool.size;
  }

  verify(separator: Hex, order: Order, signature: Hex): Promise<SignatureVerdict> {
    return new Promise((resolve) => {
      this.queue.push({ item: { separator, order, signature }, resolve });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    this.scheduled = false;
    this.pool.verifyMany(batch.map((w) => w.item)).then(
      (verdicts) => {
        this.counts.pooled += batch.length;
        for (const [i, w] of batch.entries()) w.resolve(verdicts[i]);
      },
      (error: unknown) => {
        if (!this.warned) {
          this.warned = true;
          this.logger.error({ err: error }, "verifier pool failed; verifying in the main thread");
        }
        this.counts.fallback += batch.length;
        for (const w of batch) w.resolve(verifyOrder(w.item.separator, w.item.order, w.item.signature));
      },
    );
  }
}
