// The refusals of a place command that can be decided before it is sequenced, from the state applied so far: an
// order its maker cannot pay for at its limit, a post-only order that would take, a stop whose trigger was already
// reached. Keys are free: without this, every refused order of a never-funded key would leave its owner
// registration and its place command in the log for good. An optimisation only: the engine and the ledger decide
// again at apply time, in log order, so replay never depends on this answer (an order let through here may still be
// refused there, e.g. when an order sequenced just before spent the funds).
//
// The checks follow the machine's order so the client hears the code it would give. The chain's controls (exit,
// on-chain cancel, nonce floor) refuse a command before anything else; when one of them applies, nothing is decided
// here and the machine answers with its own code (such state costs an on-chain transaction, so it cannot be minted for
// free). Then a nonce the maker already used (`nonce-used`, relayer/ledger/order-nonces.ts), then the engine's own
// checks (engine/engine.ts `place`, after the stateless rules toPlaceCommand already ran).
import { OrderKind, wouldTake, type MarketConfig, type RejectReason } from "../../engine/index.js";
import { StopBook } from "../../engine/stops.js";
import { orderRequirement } from "../ledger/requirement.js";
import type { PlaceFields } from "../orders/index.js";
import type { LedgerRejection } from "../ledger/index.js";
import type { EngineView, LedgerView } from "../sequencer/index.js";

export type PrecheckedReason = Extract<RejectReason, "stop-would-trigger" | "post-only-would-take" | "risk-rejected">;

export interface PlaceIdentity {
  /** The signed order's maker. */
  readonly maker: string;
  readonly orderHash: string;
  readonly nonce: bigint;
}

/**
 * Why the machine would refuse `cmd` as things stand — the engine's reason, or the machine's own refusal of a used
 * nonce — or null when only the machine can tell (or it would accept).
 */
export function refusalBeforeSequencing(
  market: MarketConfig,
  cmd: PlaceFields,
  identity: PlaceIdentity,
  engine: Pick<EngineView, "bestBid" | "bestAsk" | "lastPrice">,
  state: Pick<LedgerView, "ledger" | "controls" | "nonces" | "registry">,
): PrecheckedReason | LedgerRejection | null {
  const { maker, orderHash, nonce } = identity;
  const { controls } = state;
  if (controls.isExiting(maker) || controls.isCancelled(maker, orderHash) || nonce < controls.nonceFloor(maker))
    return null;
  const owner = state.registry.ownerOf(maker);
  const nonceUsed = owner === undefined ? null : state.nonces.refusal(owner, nonce, maker);
  if (nonceUsed !== null) return nonceUsed;
  const isStop = cmd.kind === OrderKind.StopLimit || cmd.kind === OrderKind.StopMarket;
  if (isStop) {
    if (StopBook.triggersAt(cmd, engine.lastPrice(cmd.market))) return "stop-would-trigger";
  } else if (
    cmd.postOnly &&
    wouldTake(
      { bestBid: () => engine.bestBid(cmd.market), bestAsk: () => engine.bestAsk(cmd.market) },
      cmd.side,
      cmd.price,
    )
  ) {
    return "post-only-would-take";
  }
  const need = orderRequirement(market, cmd.side, cmd.price, cmd.size);
  if (state.ledger.available(maker, need.token) < need.amount) return "risk-rejected";
  return null;
}
