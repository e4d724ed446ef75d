// An exchange with the proof-checked auction settlement in front of it, and the documented example batch:
// sell 10 @ 3000 (#0), buy 4 @ 3000 (#1), buy 4 @ 3000 (#2), buy 4 @ 3001 (#3) → clears at 3000: 10, 4, 2, 4.
import type { Connection } from "../fixture.js";
import { deployExchange, ONE_USDC, ONE_WETH } from "../fixture.js";
import { Side as EngineSide } from "../../../engine/types.js";
import { OrderFlags, Side, type SignedOrder } from "../../../protocol/index.js";
import type { AuctionBatch } from "../../../relayer/auction/circuit-input.js";
import { orderHashToField } from "../../../protocol/auction/field.js";
import type { AuctionMarket } from "../../../relayer/auction/settlement-call.js";
import type { AuctionSlot } from "../../../protocol/auction/slot.js";

/** 0.01 WETH per lot; a tick is 0.01 USDC per lot, so 3000 ticks is 3000 USDC per WETH. */
export const MARKET: AuctionMarket = {
  lotSize: ONE_WETH / 100n,
  tickSize: ONE_USDC / 100n,
  makerFeeBps: 0,
  takerFeeBps: 0,
};

export async function deployAuction(connection: Connection) {
  const f = await deployExchange(connection);
  const verifier = await f.viem.deployContract("BatchAuctionVerifier32");
  const settlement = await f.viem.deployContract("AuctionSettlement", [
    f.admin.account.address,
    f.operator.account.address,
    f.exchange.address,
  ]);
  await f.exchange.write.grantRole([await f.exchange.read.AUCTION_SETTLER_ROLE(), settlement.address]);
  await settlement.write.setMarket([f.weth.address, f.usdc.address, MARKET.lotSize, MARKET.tickSize]);
  await settlement.write.setVerifier([32, verifier.address]);
  const asOperator = await f.viem.getContractAt("AuctionSettlement", settlement.address, {
    client: { wallet: f.operator },
  });

  const [bob, alice, carol, dave] = f.traders;
  for (const buyer of [alice, carol, dave]) await f.fund(buyer, f.usdc, 100_000n * ONE_USDC);
  await f.fund(bob, f.weth, 10n * ONE_WETH);

  /** A signed order of `size` lots at `limit` ticks, auction-only: it settles only through AuctionSettlement. */
  async function auctionOrder(
    wallet: typeof bob,
    side: EngineSide,
    size: number,
    limit: number,
    nonce = 1n,
  ): Promise<SignedOrder> {
    const order = f.order(wallet.account.address, {
      side: side === EngineSide.Buy ? Side.BUY : Side.SELL,
      baseAmount: BigInt(size) * MARKET.lotSize,
      quoteAmount: BigInt(size) * BigInt(limit) * MARKET.tickSize,
      nonce,
      flags: OrderFlags.AUCTION_ONLY,
    });
    return f.sign(wallet, order);
  }

  const specs: [typeof bob, EngineSide, number, number][] = [
    [bob, EngineSide.Sell, 10, 3000],
    [alice, EngineSide.Buy, 4, 3000],
    [carol, EngineSide.Buy, 4, 3000],
    [dave, EngineSide.Buy, 4, 3001],
  ];
  const signed: SignedOrder[] = [];
  const slots: AuctionSlot[] = [];
  for (const [[wallet, side, size, price], owner] of specs.map((s, i) => [s, i] as const)) {
    const order = await auctionOrder(wallet, side, size, price);
    signed.push(order);
    slots.push({ side, price, size, owner, orderHash: orderHashToField(f.hash(order.order)) });
  }
  const batch = (batchId: bigint): AuctionBatch => ({ batchId, slots, reference: 0 });

  return { ...f, verifier, settlement, asOperator, auctionOrder, signed, slots, batch, bob, alice, carol, dave };
}
