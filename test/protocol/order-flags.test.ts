/** The order's flag bits: the protocol's range check takes exactly the bits the contract knows (OrderFlags.KNOWN). */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import {
  assertOrderInRange,
  exchangeDomain,
  hashOrder,
  InvalidOrderError,
  KNOWN_ORDER_FLAGS,
  OrderFlags,
  orderTypedData,
  type Order,
} from "../../protocol/index.js";

const ORDER: Order = {
  maker: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
  baseToken: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
  quoteToken: "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512",
  side: 0,
  baseAmount: 10n ** 18n,
  quoteAmount: 3_000n * 10n ** 6n,
  triggerQuoteAmount: 0n,
  nonce: 1n,
  expiry: 0n,
  maxFeeBps: 30,
  timeInForce: 0,
  flags: 0,
  selfTradePrevention: 0,
};
const DOMAIN = exchangeDomain(31337, "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0");

describe("protocol: order flags", () => {
  it("defines post-only as bit 0 and auction-only as bit 1, the contract's OrderFlags", () => {
    assert.deepEqual(OrderFlags, { POST_ONLY: 1, AUCTION_ONLY: 2 });
    assert.equal(KNOWN_ORDER_FLAGS, 3);
  });

  it("accepts no flag, post-only, auction-only and both, each signed as its own order", () => {
    const hashes = new Set<string>();
    for (const flags of [0, 1, 2, 3]) {
      const order = { ...ORDER, flags };
      assertOrderInRange(order);
      assert.equal(orderTypedData(DOMAIN, order).message.flags, flags, `flags ${flags} reach the signed message`);
      hashes.add(hashOrder(DOMAIN, order));
    }
    assert.equal(hashes.size, 4, "two flag values hash to the same order");
  });

  it("refuses every other bit, and a flags value that is not a uint8 integer", () => {
    for (const flags of [4, 5, 8, 16, 64, 128, 255, 256, -1, 1.5]) {
      assert.throws(
        () => assertOrderInRange({ ...ORDER, flags }),
        (error: unknown) => error instanceof InvalidOrderError && error.field === "flags",
        `flags ${flags}`,
      );
    }
  });
});
