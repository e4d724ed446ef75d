// POST /v1/orders as a service: a request body → a durably sequenced place command and its outcome. Each step
// refuses with the API error of its stage, and no refusal before the sequencer changes anything:
//   parse (400, naming the field) → signature (401 with its rule; a contract maker is asked as an EIP-1271 wallet)
//   → duplicate (409) → market fit (422) → what the machine would refuse as things stand (422, place-precheck.ts)
//   → owner id (registered through the sequencer if the ledger wants it)
//   → submit (durable) → the engine's events (201, or 422 with the engine's reason).
import type { Hex } from "viem";
import type { FillEvent, OrderId, OwnerId } from "../../engine/index.js";
import { domainSeparator, exchangeDomain } from "../../protocol/index.js";
import {
  resolveWalletVerdict,
  type verifyOrder,
  type FinalSignatureVerdict,
  type WalletAnswerSource,
} from "../admission/order-verifier.js";
import { WalletCheckUnavailableError } from "../admission/errors.js";
import { ApiError, engineRejection, ledgerRejection, signatureRejection } from "../errors/index.js";
import { fromFill, parseSignedOrder, toPlaceCommand, toWireSignedOrder, type PlaceFields } from "../orders/index.js";
import type { MarketRegistry, RelayerMarket } from "../markets/index.js";
import { SequencerModuleError } from "../sequencer/index.js";
import type { RelayerMetrics } from "../metrics/metrics.js";
import { advance, orderIdsOf, type OrderIndex, type OrderProgress } from "../read-models/order-index.js";
import { inThreadVerifier, type OrderSignatureVerifier } from "../admission/pooled-verifier.js";
import type { Trading } from "../machine/trading.js";
import type { AddressGate } from "./address-gate.js";
import { refusalBeforeSequencing } from "./place-precheck.js";
import type { FillView, OrderView, PlacedOrder } from "../wire/orders.js";

export type { FillView, OrderView, PlacedOrder };

export interface OrderServiceOptions {
  chainId: number;
  exchange: Hex;
  markets: MarketRegistry;
  trading: Trading;
  index: OrderIndex;
  metrics: RelayerMetrics;
  /** Unix seconds. */
  clock: () => number;
  /** Asks contract makers; without it, a signature ECDSA refuses is refused with its ECDSA code. */
  wallets?: WalletAnswerSource;
  /** Where ECDSA verdicts are computed (the verifier pool's threads); in this thread by default. */
  verifier?: OrderSignatureVerifier;
}

export class OrderService {
  private readonly separator: Hex;

  constructor(private readonly options: OrderServiceOptions) {
    this.separator = domainSeparator(exchangeDomain(options.chainId, options.exchange));
  }

  /** `gate` is called with the maker once the signature is checked (the per-address rate limit). */
  async place(body: unknown, gate?: AddressGate): Promise<PlacedOrder> {
    const { trading, index, markets, metrics, clock } = this.options;
    const signed = parseSignedOrder(body);
    const started = process.hrtime.bigint();
    try {
      const verdict = await this.verdict(signed.order, signed.signature);
      if (!verdict.ok) {
        throw signatureRejection(verdict.code, { what: "authorise this order", signerField: "order.maker" });
      }
      gate?.(signed.order.maker);
      const hash = verdict.hash;
      if (index.get(hash) !== undefined) throw new ApiError("DUPLICATE_ORDER", "This order was already submitted.");
      const market = markets.forOrder(signed.order);
      // Validate with a provisional owner (the market rules do not depend on it) before anything is written.
      const checked = toPlaceCommand(market, signed, { id: 1 as OrderId, owner: 1 as OwnerId, now: clock() });
      // Before the owner is registered and the command logged: a refusal here leaves nothing behind (place-precheck.ts).
      const refusal = this.refusalBeforeSequencing(market, checked, signed.order, hash);
      if (typeof refusal === "object" && refusal !== null) throw ledgerRejection(refusal, { prefix: "order." });
      if (refusal !== null) throw engineRejection(refusal);
      const order = index.reserve(hash, market.engine.id, checked.size, toWireSignedOrder(signed));
      if (order === undefined) throw new ApiError("DUPLICATE_ORDER", "This order was already submitted.");

      let submitted = false;
      try {
        const owners = trading.ledgerView.registry;
        order.owner = await index.ownerFor(signed.order.maker, owners, (owner) =>
          this.registerOwner(signed.order.maker, owner),
        );
        await index.persist(order);
        submitted = true;
        // The hash and nonce ride on the command so the machine can apply on-chain cancels and nonce floors.
        const ack = await trading.submit({
          ...checked,
          id: order.id as OrderId,
          owner: order.owner as OwnerId,
          orderHash: hash,
          nonce: signed.order.nonce,
        });
        if (ack.rejection !== null) {
          await index.release(hash);
          throw ledgerRejection(ack.rejection, { prefix: "order." });
        }
        // The index already shows this ack (ReadModels applied it), and maybe later ones of the same group commit:
        // the answer is the order as this command left it, from the ack's own events.
        const placed: OrderProgress = { status: "pending", filled: 0, remaining: order.size };
        for (const e of ack.events) if (orderIdsOf(e).includes(order.id)) advance(placed, e);
        const rejected = ack.events.find((e) => e.type === "rejected" && e.id === order.id);
        if (rejected?.type === "rejected") {
          await index.release(hash);
          throw engineRejection(rejected.reason);
        }
        metrics.admittedOrders.inc();
        const fills = ack.events.filter(
          (e): e is FillEvent => e.type === "fill" && (e.makerId === order.id || e.takerId === order.id),
        );
        return {
          orderHash: hash,
          seq: ack.seq,
          status: placed.status,
          ...this.amounts(market, placed),
          fills: fills.map((f) => this.fillView(market, f)),
        };
      } catch (error) {
        // Before the submit nothing reached the log: forget the reservation. After it, a failed sequencer is
        // fail-stop; the entry stays and recovery decides from the log.
        if (!submitted) await index.release(hash);
        throw asUnavailable(error);
      }
    } finally {
      metrics.admissionSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  get(hash: string): OrderView {
    const order = /^0x[0-9a-fA-F]{64}$/.test(hash) ? this.options.index.get(hash.toLowerCase() as Hex) : undefined;
    if (order === undefined || order.status === "pending") throw new ApiError("ORDER_NOT_FOUND", "No such order.");
    const market = this.options.markets.byEngineId(order.market)!;
    return {
      orderHash: order.hash,
      market: market.id,
      status: order.status,
      baseAmount: order.signed.order.baseAmount as string,
      ...this.amounts(market, order),
      order: order.signed.order,
    };
  }

  private async verdict(order: Parameters<typeof verifyOrder>[1], signature: Hex): Promise<FinalSignatureVerdict> {
    const verdict = await (this.options.verifier ?? inThreadVerifier).verify(this.separator, order, signature);
    if (verdict.ok !== undefined) return verdict;
    const wallets = this.options.wallets;
    if (wallets === undefined) return { ok: false, code: verdict.code, hash: verdict.hash };
    try {
      return await resolveWalletVerdict(verdict, order, signature, wallets);
    } catch (error) {
      if (error instanceof WalletCheckUnavailableError) {
        throw new ApiError("SERVICE_UNAVAILABLE", "The maker's wallet could not be asked.", { cause: error });
      }
      throw error;
    }
  }

  private refusalBeforeSequencing(
    market: RelayerMarket,
    checked: PlaceFields,
    order: { maker: string; nonce: bigint },
    hash: Hex,
  ): ReturnType<typeof refusalBeforeSequencing> {
    const { trading } = this.options;
    try {
      return refusalBeforeSequencing(
        market.engine,
        checked,
        { maker: order.maker, orderHash: hash, nonce: order.nonce },
        trading.view,
        trading.ledgerView,
      );
    } catch (error) {
      throw asUnavailable(error);
    }
  }

  /** The ledger binds owner ids to accounts by a logged record, before the account's first order. */
  private async registerOwner(address: string, owner: number): Promise<void> {
    const { trading } = this.options;
    const ack = await trading.submitLedger({ type: "register-owner", owner, address });
    if (ack.rejection)
      throw new ApiError("INTERNAL_ERROR", "owner registration refused", { details: JSON.stringify(ack.rejection) });
  }

  private amounts(market: RelayerMarket, order: OrderProgress): { filled: string; remaining: string } {
    const lot = market.engine.lotSize;
    return { filled: (BigInt(order.filled) * lot).toString(), remaining: (BigInt(order.remaining) * lot).toString() };
  }

  private fillView(market: RelayerMarket, fill: FillEvent): FillView {
    const amounts = fromFill(market, fill);
    const index = this.options.index;
    return {
      makerOrderHash: index.byOrderId(fill.makerId)?.hash ?? null,
      takerOrderHash: index.byOrderId(fill.takerId)?.hash ?? null,
      baseAmount: amounts.base.toString(),
      quoteAmount: amounts.quote.toString(),
      makerFee: amounts.makerFee.toString(),
      takerFee: amounts.takerFee.toString(),
    };
  }
}

/** A sequencer that stopped (fail-stop) or is not ready is a dependency down: 503, the client may retry. */
function asUnavailable(error: unknown): unknown {
  if (!(error instanceof SequencerModuleError)) return error;
  return new ApiError("SERVICE_UNAVAILABLE", "The sequencer is not taking orders.", { cause: error });
}
