// One encoding, two languages: the EIP-712 hashing of protocol/ (TypeScript) equals the contracts'
// (contracts/libraries/OrderHashing.sol, MessageHashing.sol) on fixed edge vectors and on seeded random ones.
import assert from "node:assert/strict";
import { network } from "hardhat";
import fc from "fast-check";
import {
  BaseError,
  bytesToHex,
  ContractFunctionRevertedError,
  getAddress,
  getTypesForEIP712Domain,
  hashDomain,
  hashStruct,
  keccak256,
  toHex,
  zeroAddress,
  type Address,
  type Hex,
} from "viem";
import {
  buildBatch,
  domainSeparator,
  DOMAIN_NAME,
  DOMAIN_VERSION,
  EIP712_TYPES,
  hashCancelAll,
  hashCancelOrder,
  hashOrder,
  hashWithdrawal,
  orderDigest,
  ORDER_TYPEHASH,
  UINT128_MAX,
  UINT40_MAX,
  UINT64_MAX,
  type CancelAll,
  type CancelOrder,
  type ExchangeDomain,
  type Order,
  type PrimaryType,
  type Withdrawal,
} from "../../protocol/index.js";
import { deployExchange } from "./fixture.js";

const connection = await network.create();
const { networkHelpers } = connection;

/** Every random property runs from this seed, so a failure reproduces; fast-check prints the counterexample. */
const SEED = 0x5eed;
const ON_CHAIN_RUNS = 200;
const OFF_CHAIN_RUNS = 2_000;

const UINT256_MAX = (1n << 256n) - 1n;
const MAX_ADDRESS: Address = "0xffffffffffffffffffffffffffffffffffffffff";
const ADDRESS_A: Address = "0x00000000000000000000000000000000000000a1";
const ADDRESS_B: Address = "0x00000000000000000000000000000000000000b2";

const typeString = (name: PrimaryType) => `${name}(${EIP712_TYPES[name].map((f) => `${f.type} ${f.name}`).join(",")})`;
const typehash = (name: PrimaryType) => keccak256(toHex(typeString(name)));
const structHash = <T extends PrimaryType>(primaryType: T, data: Record<string, unknown>) =>
  hashStruct({ types: EIP712_TYPES, primaryType, data: data as never });

// ------------------------------------------------------------------ vectors

/** An order with every field at an explicit value; the fields the TS type narrows (side, flags...) may be any uint8. */
function anyOrder(fields: Record<keyof Order, unknown>): Order {
  return fields as Order;
}

const ZERO_ORDER = anyOrder({
  maker: zeroAddress,
  baseToken: zeroAddress,
  quoteToken: zeroAddress,
  side: 0,
  baseAmount: 0n,
  quoteAmount: 0n,
  triggerQuoteAmount: 0n,
  nonce: 0n,
  expiry: 0n,
  maxFeeBps: 0,
  timeInForce: 0,
  flags: 0,
  selfTradePrevention: 0,
});

const MAX_ORDER = anyOrder({
  maker: MAX_ADDRESS,
  baseToken: MAX_ADDRESS,
  quoteToken: MAX_ADDRESS,
  side: 255,
  baseAmount: UINT128_MAX,
  quoteAmount: UINT128_MAX,
  triggerQuoteAmount: UINT128_MAX,
  nonce: UINT64_MAX,
  expiry: UINT40_MAX,
  maxFeeBps: 65_535,
  timeInForce: 255,
  flags: 255,
  selfTradePrevention: 255,
});

const TYPICAL_ORDER = anyOrder({
  maker: getAddress("0x70997970c51812dc3a010c7d01b50e0d17dc79c8"),
  baseToken: ADDRESS_A,
  quoteToken: ADDRESS_B,
  side: 1,
  baseAmount: 10n ** 18n,
  quoteAmount: 3_000n * 10n ** 6n,
  triggerQuoteAmount: 0n,
  nonce: 7n,
  expiry: 1_900_000_000n,
  maxFeeBps: 30,
  timeInForce: 0,
  flags: 0,
  selfTradePrevention: 0,
});

/** The all-zero and all-max orders; each field of a typical order at its zero and its max; every valid enum combination. */
function orderEdgeVectors(): { name: string; order: Order }[] {
  const vectors = [
    { name: "every field zero", order: ZERO_ORDER },
    { name: "every field at its type's max", order: MAX_ORDER },
    { name: "a typical order", order: TYPICAL_ORDER },
    { name: "an expiry in the past", order: { ...TYPICAL_ORDER, expiry: 1n } },
  ];
  for (const field of Object.keys(TYPICAL_ORDER) as (keyof Order)[]) {
    vectors.push({ name: `${field} zero`, order: { ...TYPICAL_ORDER, [field]: ZERO_ORDER[field] } });
    vectors.push({ name: `${field} at its max`, order: { ...TYPICAL_ORDER, [field]: MAX_ORDER[field] } });
  }
  for (const side of [0, 1])
    for (const timeInForce of [0, 1, 2])
      for (const flags of [0, 1, 2, 3])
        for (const selfTradePrevention of [0, 1, 2, 3])
          vectors.push({
            name: `side ${side}, timeInForce ${timeInForce}, flags ${flags}, selfTradePrevention ${selfTradePrevention}`,
            order: anyOrder({ ...TYPICAL_ORDER, side, timeInForce, flags, selfTradePrevention }),
          });
  return vectors;
}

const ZERO_WITHDRAWAL: Withdrawal = {
  account: zeroAddress,
  token: zeroAddress,
  amount: 0n,
  recipient: zeroAddress,
  nonce: 0n,
  expiry: 0n,
};
const MAX_WITHDRAWAL: Withdrawal = {
  account: MAX_ADDRESS,
  token: MAX_ADDRESS,
  amount: UINT256_MAX,
  recipient: MAX_ADDRESS,
  nonce: UINT64_MAX,
  expiry: UINT40_MAX,
};
const TYPICAL_WITHDRAWAL: Withdrawal = {
  account: TYPICAL_ORDER.maker,
  token: ADDRESS_B,
  amount: 1_234n * 10n ** 6n,
  recipient: getAddress("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc"),
  nonce: 42n,
  expiry: 1_900_000_000n,
};

function edgeVectors<T extends object>(zero: T, max: T, typical: T): { name: string; value: T }[] {
  const vectors = [
    { name: "every field zero", value: zero },
    { name: "every field at its type's max", value: max },
    { name: "typical", value: typical },
  ];
  for (const field of Object.keys(typical) as (keyof T)[]) {
    vectors.push({ name: `${String(field)} zero`, value: { ...typical, [field]: zero[field] } });
    vectors.push({ name: `${String(field)} at its max`, value: { ...typical, [field]: max[field] } });
  }
  return vectors;
}

const ZERO_HASH: Hex = `0x${"00".repeat(32)}`;
const MAX_HASH: Hex = `0x${"ff".repeat(32)}`;
const cancelOrderVectors = edgeVectors<CancelOrder>(
  { maker: zeroAddress, orderHash: ZERO_HASH },
  { maker: MAX_ADDRESS, orderHash: MAX_HASH },
  { maker: TYPICAL_ORDER.maker, orderHash: keccak256(toHex("an order")) },
);
const cancelAllVectors = edgeVectors<CancelAll>(
  { maker: zeroAddress, baseToken: zeroAddress, quoteToken: zeroAddress, issuedAt: 0n },
  { maker: MAX_ADDRESS, baseToken: MAX_ADDRESS, quoteToken: MAX_ADDRESS, issuedAt: UINT64_MAX },
  { maker: TYPICAL_ORDER.maker, baseToken: ADDRESS_A, quoteToken: ADDRESS_B, issuedAt: 1_700_000_000_000n },
);

// ------------------------------------------------------------------ arbitraries

const uint = (bits: number) => fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n });
const smallUint = (bits: number) => fc.integer({ min: 0, max: 2 ** bits - 1 });
/** Any 20 bytes, lower-case or checksummed (the fast path lower-cases; the two must not differ). */
const address = fc
  .tuple(fc.uint8Array({ minLength: 20, maxLength: 20 }), fc.boolean())
  .map(([bytes, checksummed]) => (checksummed ? getAddress(bytesToHex(bytes)) : bytesToHex(bytes)) as Address);
const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => bytesToHex(bytes));
/** Mostly in the valid range, sometimes any value of the type. */
const small = (valid: number[], bits: number) => fc.oneof(fc.constantFrom(...valid), smallUint(bits));

const orderArbitrary: fc.Arbitrary<Order> = fc
  .record({
    maker: address,
    baseToken: address,
    quoteToken: address,
    side: small([0, 1], 8),
    baseAmount: uint(128),
    quoteAmount: uint(128),
    triggerQuoteAmount: uint(128),
    nonce: uint(64),
    expiry: uint(40),
    maxFeeBps: fc.oneof(fc.integer({ min: 0, max: 10_000 }), smallUint(16)),
    timeInForce: small([0, 1, 2], 8),
    flags: small([0, 1, 2, 3], 8),
    selfTradePrevention: small([0, 1, 2, 3], 8),
  })
  .map(anyOrder);

const withdrawalArbitrary: fc.Arbitrary<Withdrawal> = fc.record({
  account: address,
  token: address,
  amount: uint(256),
  recipient: address,
  nonce: uint(64),
  expiry: uint(40),
});

const cancelOrderArbitrary: fc.Arbitrary<CancelOrder> = fc.record({ maker: address, orderHash: bytes32 });
const cancelAllArbitrary: fc.Arbitrary<CancelAll> = fc.record({
  maker: address,
  baseToken: address,
  quoteToken: address,
  issuedAt: uint(64),
});

const domainArbitrary: fc.Arbitrary<ExchangeDomain> = fc.record({
  name: fc.oneof(fc.constant(DOMAIN_NAME), fc.string({ unit: "grapheme" })),
  version: fc.oneof(fc.constant(DOMAIN_VERSION), fc.string({ unit: "grapheme" })),
  chainId: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  verifyingContract: address,
});

// ------------------------------------------------------------------ tests

async function deployWithHarness() {
  const f = await deployExchange(connection);
  const harness = await f.viem.deployContract("MessageHashingHarness");
  return { ...f, harness };
}

describe("EIP-712 hashing: protocol/ and the contracts agree", () => {
  let f: Awaited<ReturnType<typeof deployWithHarness>>;
  let separator: Hex;

  beforeEach(async () => {
    f = await networkHelpers.loadFixture(deployWithHarness);
    separator = domainSeparator(f.domain);
  });

  /** The digest of `order` as the three implementations compute it: viem's generic walk, the fast layout, the contract. */
  async function assertOrderHashesAgree(order: Order, label = "") {
    const generic = hashOrder(f.domain, order);
    assert.equal(orderDigest(separator, order), generic, `orderDigest ${label}`);
    assert.equal(await f.exchange.read.hashOrder([order]), generic, `Exchange.hashOrder ${label}`);
  }

  /**
   * The digest settle() computes from the batch's packed form of `order` (OrderHashing.hash(OrderInput, market)).
   * settle() reveals it in the first revert it meets: InvalidOrder, OrderExpired or InvalidSignature (the signature is empty).
   */
  async function settlementDigest(order: Order): Promise<Hex> {
    return (await settlementRevert(order)).hash;
  }

  async function settlementRevert(order: Order): Promise<{ errorName: string; hash: Hex }> {
    // A well-formed batch around the probed order: orders are verified in index order, so its revert comes first.
    const counterparty = {
      ...TYPICAL_ORDER,
      maker: ADDRESS_A,
      baseToken: order.baseToken,
      quoteToken: order.quoteToken,
      side: 0 as const,
    };
    const batch = buildBatch(
      1n,
      [
        { order, signature: "0x" },
        { order: counterparty, signature: "0x" },
      ],
      [{ makerIndex: 0, takerIndex: 1, baseAmount: 1n, quoteAmount: 1n, makerFee: 0n, takerFee: 0n }],
    );
    try {
      await f.publicClient.simulateContract({
        address: f.exchange.address,
        abi: f.exchange.abi,
        functionName: "settle",
        args: [batch],
        account: f.operator.account,
      });
    } catch (error) {
      const reverted =
        error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : null;
      if (reverted instanceof ContractFunctionRevertedError && reverted.data) {
        const { errorName, args } = reverted.data;
        assert.ok(["InvalidOrder", "OrderExpired", "InvalidSignature"].includes(errorName), `unexpected ${errorName}`);
        return { errorName, hash: args![0] as Hex };
      }
      throw error;
    }
    assert.fail("settle accepted an order with an empty signature");
  }

  /** settle() refuses a market with a zero or repeated token before it hashes any order. */
  const inAValidMarket = (order: Order): Order =>
    order.baseToken === zeroAddress ||
    order.quoteToken === zeroAddress ||
    order.baseToken.toLowerCase() === order.quoteToken.toLowerCase()
      ? { ...order, baseToken: ADDRESS_A, quoteToken: ADDRESS_B }
      : order;

  describe("domain", () => {
    it("computes the exchange's domain separator", async () => {
      assert.equal(separator, await f.exchange.read.domainSeparator());
    });

    it("publishes through ERC-5267 the domain that protocol/ builds", async () => {
      const [fields, name, version, chainId, verifyingContract, salt, extensions] =
        (await f.exchange.read.eip712Domain()) as readonly [
          Hex,
          string,
          string,
          bigint,
          Address,
          Hex,
          readonly bigint[],
        ];
      assert.equal(fields, "0x0f"); // name, version, chainId, verifyingContract; no salt
      assert.deepEqual(
        { name, version, chainId: Number(chainId), verifyingContract },
        { ...f.domain, verifyingContract: getAddress(f.domain.verifyingContract) },
      );
      assert.equal(salt, ZERO_HASH);
      assert.deepEqual(extensions, []);
    });

    it("computes the same separator as viem for any domain", () => {
      fc.assert(
        fc.property(domainArbitrary, (domain) => {
          assert.equal(
            domainSeparator(domain),
            hashDomain({ domain, types: { EIP712Domain: getTypesForEIP712Domain({ domain }) } } as Parameters<
              typeof hashDomain
            >[0]),
          );
        }),
        { seed: SEED, numRuns: OFF_CHAIN_RUNS },
      );
    });
  });

  describe("Order", () => {
    for (const { name, order } of orderEdgeVectors()) {
      it(`hashes an order with ${name} the same in TypeScript (generic and fast) and in Solidity`, async () => {
        await assertOrderHashesAgree(order);
      });
    }

    it(`hashes ${ON_CHAIN_RUNS} seeded random orders the same in TypeScript and in Solidity`, async () => {
      await fc.assert(
        fc.asyncProperty(orderArbitrary, (order) => assertOrderHashesAgree(order)),
        { seed: SEED, numRuns: ON_CHAIN_RUNS },
      );
    });

    it("hashes the edge vectors the same when settle() rebuilds them from a batch's packed terms", async () => {
      const errorsMet = new Set<string>();
      for (const { name, order: vector } of orderEdgeVectors()) {
        const order = inAValidMarket(vector);
        const { errorName, hash } = await settlementRevert(order);
        assert.equal(hash, hashOrder(f.domain, order), name);
        errorsMet.add(errorName);
      }
      // Valid vectors reach the signature check; others stop earlier (which check first is settle()'s business).
      assert.ok(errorsMet.has("InvalidSignature"), [...errorsMet].join());
    });

    it(`hashes ${ON_CHAIN_RUNS} seeded random orders the same when settle() rebuilds them from a batch`, async () => {
      await fc.assert(
        fc.asyncProperty(orderArbitrary.map(inAValidMarket), async (order) => {
          assert.equal(await settlementDigest(order), hashOrder(f.domain, order));
        }),
        { seed: SEED, numRuns: ON_CHAIN_RUNS },
      );
    });

    it(`computes the same digest with orderDigest as with hashOrder for any order under any domain`, () => {
      fc.assert(
        fc.property(domainArbitrary, orderArbitrary, (domain, order) => {
          assert.equal(orderDigest(domainSeparator(domain), order), hashOrder(domain, order));
        }),
        { seed: SEED, numRuns: OFF_CHAIN_RUNS },
      );
    });

    it("derives ORDER_TYPEHASH from EIP712_TYPES.Order, the type string OrderHashing hashes", () => {
      assert.equal(ORDER_TYPEHASH, typehash("Order"));
      assert.equal(
        typeString("Order"),
        "Order(address maker,address baseToken,address quoteToken,uint8 side,uint128 baseAmount,uint128 quoteAmount," +
          "uint128 triggerQuoteAmount,uint64 nonce,uint40 expiry,uint16 maxFeeBps,uint8 timeInForce,uint8 flags," +
          "uint8 selfTradePrevention)",
      );
    });
  });

  describe("Withdrawal", () => {
    async function assertWithdrawalHashesAgree(withdrawal: Withdrawal, label = "") {
      const digest = hashWithdrawal(f.domain, withdrawal);
      assert.equal(await f.exchange.read.hashWithdrawal([withdrawal]), digest, `Exchange.hashWithdrawal ${label}`);
      assert.equal(
        await f.harness.read.hashWithdrawal([withdrawal]),
        structHash("Withdrawal", { ...withdrawal }),
        `struct hash ${label}`,
      );
    }

    it("has the typehash of EIP712_TYPES.Withdrawal", async () => {
      assert.equal(await f.harness.read.withdrawalTypehash(), typehash("Withdrawal"));
    });

    for (const { name, value } of edgeVectors(ZERO_WITHDRAWAL, MAX_WITHDRAWAL, TYPICAL_WITHDRAWAL)) {
      it(`hashes a withdrawal with ${name} the same in TypeScript and in Solidity`, async () => {
        await assertWithdrawalHashesAgree(value);
      });
    }

    it(`hashes ${ON_CHAIN_RUNS} seeded random withdrawals the same in TypeScript and in Solidity`, async () => {
      await fc.assert(
        fc.asyncProperty(withdrawalArbitrary, (withdrawal) => assertWithdrawalHashesAgree(withdrawal)),
        { seed: SEED, numRuns: ON_CHAIN_RUNS },
      );
    });
  });

  describe("CancelOrder", () => {
    async function assertCancelOrderHashesAgree(cancel: CancelOrder) {
      assert.equal(await f.harness.read.hashCancelOrder([cancel]), structHash("CancelOrder", { ...cancel }));
      assert.equal(await f.harness.read.cancelOrderDigest([separator, cancel]), hashCancelOrder(f.domain, cancel));
    }

    it("has the typehash of EIP712_TYPES.CancelOrder", async () => {
      assert.equal(await f.harness.read.cancelOrderTypehash(), typehash("CancelOrder"));
    });

    for (const { name, value } of cancelOrderVectors) {
      it(`hashes a cancel with ${name} the same in TypeScript and in Solidity`, async () => {
        await assertCancelOrderHashesAgree(value);
      });
    }

    it(`hashes ${ON_CHAIN_RUNS} seeded random cancels the same in TypeScript and in Solidity`, async () => {
      await fc.assert(fc.asyncProperty(cancelOrderArbitrary, assertCancelOrderHashesAgree), {
        seed: SEED,
        numRuns: ON_CHAIN_RUNS,
      });
    });
  });

  describe("CancelAll", () => {
    async function assertCancelAllHashesAgree(cancel: CancelAll) {
      assert.equal(await f.harness.read.hashCancelAll([cancel]), structHash("CancelAll", { ...cancel }));
      assert.equal(await f.harness.read.cancelAllDigest([separator, cancel]), hashCancelAll(f.domain, cancel));
    }

    it("has the typehash of EIP712_TYPES.CancelAll", async () => {
      assert.equal(await f.harness.read.cancelAllTypehash(), typehash("CancelAll"));
    });

    for (const { name, value } of cancelAllVectors) {
      it(`hashes a cancel-all with ${name} the same in TypeScript and in Solidity`, async () => {
        await assertCancelAllHashesAgree(value);
      });
    }

    it(`hashes ${ON_CHAIN_RUNS} seeded random cancel-alls the same in TypeScript and in Solidity`, async () => {
      await fc.assert(fc.asyncProperty(cancelAllArbitrary, assertCancelAllHashesAgree), {
        seed: SEED,
        numRuns: ON_CHAIN_RUNS,
      });
    });
  });
});
