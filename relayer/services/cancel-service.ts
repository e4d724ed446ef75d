// DELETE /v1/orders/:hash and POST /v1/orders/cancel-all as a service: a signed CancelOrder / CancelAll (the
// exchange's EIP-712 domain) → a durably sequenced engine cancel / cancel-all. As for orders, every refusal comes
// before the sequencer and changes nothing:
//   cancel:     parse (400) → path hash = cancel.orderHash (400) → signature (401) → an open order of this maker
//               (404 ORDER_NOT_FOUND, alike for an unknown order, another maker's, or one no longer open) → submit.
//   cancel-all: parse (400) → signature (401) → market (422 UNKNOWN_MARKET) → issuedAt not in the future beyond
//               ISSUED_AT_SKEW_SECONDS (422 ISSUED_AT_IN_FUTURE) and newer than the maker's last accepted cancel-all
//               (409 CANCEL_ALL_REPLAYED) → the new issuedAt stored (synced, order store) → submit.
// The maker's last cancel-all issuedAt lives in the order store (LevelDB `orders/`, key cancel-all:<maker>): the
// engine's cancel-all command has no issuedAt, so it cannot be derived from the log. It is written before the
// submit; a crash in between leaves it consumed, which only means the maker signs a newer one.
import type { Address, Hex } from "viem";
import type { CancelAllCommand, MarketId, OrderId, OwnerId } from "../../engine/index.js";
import { exchangeDomain, hashCancelAll, hashCancelOrder, type ExchangeDomain } from "../../protocol/index.js";
import type { WalletAnswerSource } from "../admission/order-verifier.js";
import { ApiError } from "../errors/index.js";
import { parseSignedCancelAll, parseSignedCancelOrder } from "../orders/index.js";
import type { MarketRegistry } from "../markets/index.js";
import { SequencerModuleError } from "../sequencer/index.js";
import { checkMessageSignature } from "./message-signature.js";
import type { OrderIndex } from "../read-models/order-index.js";
import type { OrderStore } from "../read-models/order-store.js";
import type { Trading } from "../machine/trading.js";
import type { AddressGate } from "./address-gate.js";
import type { CancelledAll, CancelledOrder } from "../wire/orders.js";

export type { CancelledAll, CancelledOrder };

/** How far in the future (by the relayer's clock) a cancel-all's issuedAt may be. */
export const ISSUED_AT_SKEW_SECONDS = 60;

export interface CancelServiceOptions {
  chainId: number;
  exchange: Address;
  markets: MarketRegistry;
  trading: Trading;
  index: OrderIndex;
  store: OrderStore;
  /** Unix seconds. */
  clock: () => number;
  wallets?: WalletAnswerSource;
}

const OPEN = new Set(["open", "partially-filled"]);
const ZERO: Address = "0x0000000000000000000000000000000000000000";

export class CancelService {
  private readonly domain: ExchangeDomain;
  /** Order hashes whose cancel is in flight: a concurrent second cancel of one order is a 404, never a second submit. */
  private readonly cancelling = new Set<Hex>();

  private constructor(
    private readonly options: CancelServiceOptions,
    private readonly lastCancelAll: Map<string, bigint>,
  ) {
    this.domain = exchangeDomain(options.chainId, options.exchange);
  }

  static async open(options: CancelServiceOptions): Promise<CancelService> {
    return new CancelService(options, await options.store.loadCancelAlls());
  }

  /** `gate` is called with the maker once the signature is checked (the per-address rate limit). */
  async cancel(pathHash: string, body: unknown, gate?: AddressGate): Promise<CancelledOrder> {
    const { message, signature } = parseSignedCancelOrder(body);
    if (pathHash.toLowerCase() !== message.orderHash) {
      throw new ApiError("INVALID_FIELD", "cancel.orderHash must be the order hash in the path.", {
        field: "cancel.orderHash",
      });
    }
    await this.checkSignature(message.maker, hashCancelOrder(this.domain, message), signature, "cancel.maker");
    gate?.(message.maker);
    return this.cancelOf(message.maker, message.orderHash);
  }

  /**
   * Cancels `maker`'s open order `hash` with no signature: the caller has authenticated `maker` already (a logged-in
   * socket.io session, relayer/ws/). ORDER_NOT_FOUND, as for a signed cancel, if it is not an open order of `maker`.
   */
  async cancelOf(maker: Address, hash: Hex): Promise<CancelledOrder> {
    const { index, trading } = this.options;
    const order = index.get(hash);
    if (
      order === undefined ||
      !OPEN.has(order.status) ||
      order.signed.order.maker !== maker.toLowerCase() ||
      this.cancelling.has(hash)
    ) {
      throw new ApiError("ORDER_NOT_FOUND", "No such open order of this maker.");
    }
    this.cancelling.add(hash);
    try {
      const ack = await trading.submit({
        type: "cancel",
        market: order.market as MarketId,
        id: order.id as OrderId,
        owner: order.owner as OwnerId,
      });
      if (ack.events.some((e) => e.type === "rejected"))
        throw new ApiError("ORDER_NOT_FOUND", "No such open order of this maker.");
      return { orderHash: hash, status: "cancelled", seq: ack.seq };
    } catch (error) {
      throw asUnavailable(error);
    } finally {
      this.cancelling.delete(hash);
    }
  }

  async cancelAll(body: unknown, gate?: AddressGate): Promise<CancelledAll> {
    const { markets, store, clock } = this.options;
    const { message, signature } = parseSignedCancelAll(body);
    await this.checkSignature(message.maker, hashCancelAll(this.domain, message), signature, "cancelAll.maker");
    gate?.(message.maker);
    let market: number | undefined;
    const allMarkets = message.baseToken === ZERO && message.quoteToken === ZERO;
    if (!allMarkets) {
      const found = markets.byPair(message.baseToken, message.quoteToken);
      if (found === undefined)
        throw new ApiError("UNKNOWN_MARKET", "No market trades this token pair.", { field: "cancelAll.baseToken" });
      market = found.engine.id;
    }
    if (message.issuedAt > BigInt(clock() + ISSUED_AT_SKEW_SECONDS)) {
      throw new ApiError("ISSUED_AT_IN_FUTURE", "issuedAt is later than the relayer's clock allows.", {
        field: "cancelAll.issuedAt",
      });
    }
    const last = this.lastCancelAll.get(message.maker);
    if (last !== undefined && message.issuedAt <= last) {
      throw new ApiError("CANCEL_ALL_REPLAYED", "A cancel-all issued at or after this one was already applied.", {
        field: "cancelAll.issuedAt",
      });
    }
    // Claimed synchronously, so a concurrent replay of the same message is refused too.
    this.lastCancelAll.set(message.maker, message.issuedAt);
    try {
      await store.putCancelAll(message.maker, message.issuedAt);
    } catch (error) {
      if (last === undefined) this.lastCancelAll.delete(message.maker);
      else this.lastCancelAll.set(message.maker, last);
      throw error;
    }
    return this.cancelAllOf(message.maker, market);
  }

  /**
   * Cancels every open order of `maker` (in engine market `market`, or in all) with no signature and no issuedAt:
   * the caller has authenticated `maker` already (a logged-in socket.io session, relayer/ws/).
   */
  async cancelAllOf(maker: Address, market?: number): Promise<CancelledAll> {
    const { index, trading } = this.options;
    const owner = trading.ledgerView.registry.ownerOf(maker);
    // A maker the ledger never registered has no orders: nothing to submit.
    if (owner === undefined) return { cancelled: [], seq: trading.lastSeq };
    const command: Omit<CancelAllCommand, "seq" | "time"> =
      market === undefined
        ? { type: "cancel-all", owner: owner as OwnerId }
        : { type: "cancel-all", owner: owner as OwnerId, market: market as MarketId };
    try {
      const ack = await trading.submit(command);
      const cancelled: Hex[] = [];
      for (const e of ack.events) {
        if (e.type !== "cancelled" || e.remaining !== 0) continue;
        const order = index.byOrderId(e.id);
        if (order !== undefined) cancelled.push(order.hash);
      }
      return { cancelled, seq: ack.seq };
    } catch (error) {
      throw asUnavailable(error);
    }
  }

  /** The contract's rules (ECDSA, then EIP-1271 for a contract maker when a wallet checker is configured): 401 otherwise. */
  private checkSignature(maker: Address, hash: Hex, signature: Hex, makerField: string): Promise<void> {
    return checkMessageSignature(maker, hash, signature, makerField, this.options.wallets);
  }
}

function asUnavailable(error: unknown): unknown {
  if (!(error instanceof SequencerModuleError)) return error;
  return new ApiError("SERVICE_UNAVAILABLE", "The sequencer is not taking commands.", { cause: error });
}
