// One encoding, two languages: protocol/price-update.ts hashes and packs price updates as
// contracts/margin/oracle/PriceUpdateHashing.sol does, on edge vectors and seeded random ones.
import assert from "node:assert/strict";
import { network } from "hardhat";
import fc from "fast-check";
import { keccak256, recoverTypedDataAddress, toHex } from "viem";
import {
  assertPriceUpdateInRange,
  domainSeparator,
  hashPriceUpdate,
  PRICE_DOMAIN_NAME,
  PRICE_DOMAIN_VERSION,
  PRICE_UPDATE_TYPES,
  priceUpdateTypedData,
  PriceUpdateRangeError,
  toSignedPriceUpdate,
  UINT128_MAX,
  UINT32_MAX,
  UINT64_MAX,
  type PriceUpdate,
} from "../../../protocol/index.js";
import { deployOracle, SIGNERS, type OracleFixture } from "./oracle-fixture.js";

const connection = await network.create();
const { networkHelpers } = connection;

const SEED = 0x5eed;
const ON_CHAIN_RUNS = 100;

const ZERO: PriceUpdate = { market: 0, price: 0n, confidence: 0n, timestamp: 0n };
const MAX: PriceUpdate = { market: UINT32_MAX, price: UINT128_MAX, confidence: UINT128_MAX, timestamp: UINT64_MAX };
const TYPICAL: PriceUpdate = {
  market: 1,
  price: 3_000n * 10n ** 6n,
  confidence: 1_500_000n,
  timestamp: 1_900_000_000n,
};

function edgeVectors(): { name: string; value: PriceUpdate }[] {
  const vectors = [
    { name: "every field zero", value: ZERO },
    { name: "every field at its type's max", value: MAX },
    { name: "typical", value: TYPICAL },
  ];
  for (const field of Object.keys(TYPICAL) as (keyof PriceUpdate)[]) {
    vectors.push({ name: `${field} zero`, value: { ...TYPICAL, [field]: ZERO[field] } });
    vectors.push({ name: `${field} at its max`, value: { ...TYPICAL, [field]: MAX[field] } });
  }
  return vectors;
}

const uint = (bits: number) => fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n });
const updateArbitrary: fc.Arbitrary<PriceUpdate> = fc.record({
  market: fc.integer({ min: 0, max: UINT32_MAX }),
  price: uint(128),
  confidence: uint(128),
  timestamp: uint(64),
});

const fixture = () => deployOracle(connection);

describe("Price update hashing: protocol/price-update.ts and the contract agree", () => {
  let f: OracleFixture;

  beforeEach(async () => {
    f = await networkHelpers.loadFixture(fixture);
  });

  it("has the contract's type hash", async () => {
    const typeString = `PriceUpdate(${PRICE_UPDATE_TYPES.PriceUpdate.map((p) => `${p.type} ${p.name}`).join(",")})`;
    assert.equal(typeString, "PriceUpdate(uint32 market,uint128 price,uint128 confidence,uint64 timestamp)");
    assert.equal(await f.oracle.read.priceUpdateTypehash(), keccak256(toHex(typeString)));
  });

  it("computes the contract's price domain separator", async () => {
    assert.equal(f.domain.name, PRICE_DOMAIN_NAME);
    assert.equal(f.domain.version, PRICE_DOMAIN_VERSION);
    assert.equal(await f.oracle.read.priceDomainSeparator(), domainSeparator(f.domain));
  });

  for (const { name, value } of edgeVectors()) {
    it(`gives the contract's digest and packing for ${name}`, async () => {
      assert.equal(await f.oracle.read.priceUpdateDigest([value]), hashPriceUpdate(f.domain, value));
      const packed = { ...toSignedPriceUpdate({ ...value, price: value.price || 1n }, []), signatures: [] };
      assert.deepEqual(await f.oracle.read.unpackPriceUpdate([packed]), { ...value, price: value.price || 1n });
    });
  }

  it("gives the contract's digest and packing for random updates", async () => {
    await fc.assert(
      fc.asyncProperty(updateArbitrary, async (value) => {
        assert.equal(await f.oracle.read.priceUpdateDigest([value]), hashPriceUpdate(f.domain, value));
        const signable = { ...value, price: value.price || 1n };
        assert.deepEqual(await f.oracle.read.unpackPriceUpdate([toSignedPriceUpdate(signable, [])]), signable);
      }),
      { seed: SEED, numRuns: ON_CHAIN_RUNS },
    );
  });

  it("signs with a key whose address recovers from the digest", async () => {
    const signature = await SIGNERS[0].signTypedData(priceUpdateTypedData(f.domain, TYPICAL));
    assert.equal(
      await recoverTypedDataAddress({ ...priceUpdateTypedData(f.domain, TYPICAL), signature }),
      SIGNERS[0].address,
    );
  });

  it("refuses to pack a field outside its signed type, or a zero price", () => {
    const cases: [keyof PriceUpdate, PriceUpdate][] = [
      ["market", { ...TYPICAL, market: UINT32_MAX + 1 }],
      ["market", { ...TYPICAL, market: 1.5 }],
      ["price", { ...TYPICAL, price: 0n }],
      ["price", { ...TYPICAL, price: UINT128_MAX + 1n }],
      ["confidence", { ...TYPICAL, confidence: -1n }],
      ["timestamp", { ...TYPICAL, timestamp: UINT64_MAX + 1n }],
    ];
    for (const [field, value] of cases) {
      assert.throws(
        () => assertPriceUpdateInRange(value),
        (e: unknown) => e instanceof PriceUpdateRangeError && e.field === field,
      );
      assert.throws(() => toSignedPriceUpdate(value, []), PriceUpdateRangeError);
    }
  });
});
