// The signature matrix: which signatures settle() accepts for an order (and withdraw() for a withdrawal).
// Every verdict comes from a real settlement of a batch that would go through with a valid signature;
// a rejection is asserted exactly: for a plain account, the batch reverts InvalidSignature(orderHash, maker) (an
// invalid signature there is the operator's error); for a contract maker, whose answer may change after matching,
// the batch settles without that order's fill (FillSkipped, reason 2) and nothing of it moves. A withdrawal with a
// bad signature reverts InvalidWithdrawalSignature.
import assert from "node:assert/strict";
import { network } from "hardhat";
import {
  concat,
  getAddress,
  hexToBigInt,
  parseSignature,
  recoverAddress,
  serializeCompactSignature,
  signatureToCompactSignature,
  toHex,
  zeroAddress,
  type Address,
  type Hex,
  type LocalAccount,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import {
  exchangeDomain,
  hashOrder,
  hashWithdrawal,
  orderTypedData,
  Side,
  withdrawalTypedData,
  type ExchangeDomain,
  type Order,
  type SignedOrder,
  type Withdrawal,
} from "../../protocol/index.js";
import { CANCEL_DELAY, deployExchange, EXIT_DELAY, fullFill, ONE_USDC } from "./fixture.js";
import { deploySafeContracts, safeMessage, safeMessageHash, signAsSafe } from "./safe.js";
import { depositFor, highSTwin, SECP256K1_N, testPrivateKey } from "./signing.js";
import { expectError } from "./expect-error.js";

const connection = await network.create();
const { networkHelpers } = connection;

const alice = privateKeyToAccount(testPrivateKey("alice")); // the seller whose signature the cases vary
const bob = privateKeyToAccount(testPrivateKey("bob")); //     the honest buyer on the other side
const mallory = privateKeyToAccount(testPrivateKey("mallory"));
const owner1 = privateKeyToAccount(testPrivateKey("safe owner 1"));
const owner2 = privateKeyToAccount(testPrivateKey("safe owner 2"));

async function deployWithWallets() {
  const f = await deployExchange(connection);
  const otherExchange = await f.viem.deployContract("Exchange", [
    f.admin.account.address,
    f.operator.account.address,
    f.feeRecipient.account.address,
    CANCEL_DELAY,
    EXIT_DELAY,
  ]);
  const wrongMagicWallet = await f.viem.deployContract("WrongMagicWallet");
  const revertingWallet = await f.viem.deployContract("RevertingWallet");
  const toggleWallet = await f.viem.deployContract("ToggleWallet", [true]);
  const safes = await deploySafeContracts(connection);
  const safe2of2 = await safes.createSafe([owner1.address, owner2.address], 2n);
  const safe1of1 = await safes.createSafe([owner1.address], 1n);
  return { ...f, otherExchange, wrongMagicWallet, revertingWallet, toggleWallet, safes, safe2of2, safe1of1 };
}

type Fixture = Awaited<ReturnType<typeof deployWithWallets>>;

function signTyped(account: LocalAccount, domain: ExchangeDomain, order: Order): Promise<Hex> {
  return account.signTypedData(orderTypedData(domain, order));
}

/** The owners sort ascending in a Safe signature; these are the same two, the other way round. */
const byAddressDescending = (a: LocalAccount, b: LocalAccount) => (BigInt(a.address) > BigInt(b.address) ? -1 : 1);

/**
 * A signature case: the seller's order and its signature. The seller's order would settle against
 * the buyer with a valid signature; each case breaks exactly one thing.
 */
interface Case {
  name: string;
  make(f: Fixture): Promise<SignedOrder>;
}

const sellOrder = (f: Fixture, maker: Address): Order => f.order(maker, { side: Side.SELL });

/** Alice's valid signature on her sell order, transformed by `mangle`. */
const aliceSignature = (mangle: (signature: Hex) => Hex) => async (f: Fixture) => {
  const order = sellOrder(f, alice.address);
  return { order, signature: mangle(await signTyped(alice, f.domain, order)) };
};

const REJECTED: Case[] = [
  {
    name: "signed for another chain id",
    async make(f) {
      const order = sellOrder(f, alice.address);
      const domain = { ...f.domain, chainId: f.domain.chainId + 1 };
      const signature = await signTyped(alice, domain, order);
      // A genuine signature by the maker, for the same order on another chain.
      assert.equal(await recoverAddress({ hash: hashOrder(domain, order), signature }), alice.address);
      return { order, signature };
    },
  },
  {
    name: "signed for another deployment of the exchange",
    async make(f) {
      const order = sellOrder(f, alice.address);
      const domain = exchangeDomain(f.domain.chainId, f.otherExchange.address);
      assert.notEqual(await f.otherExchange.read.domainSeparator(), await f.exchange.read.domainSeparator());
      return { order, signature: await signTyped(alice, domain, order) };
    },
  },
  {
    name: "with the high-s twin of the maker's valid signature (s' = n − s, v flipped)",
    async make(f) {
      const signed = await aliceSignature(highSTwin)(f);
      // ecrecover maps the twin to the maker too: only the low-s rule refuses it.
      assert.equal(await recoverAddress({ hash: f.hash(signed.order), signature: signed.signature }), alice.address);
      assert.ok(hexToBigInt(parseSignature(signed.signature).s) > SECP256K1_N / 2n);
      return signed;
    },
  },
  {
    name: "with v = 0 or 1 (the y-parity) instead of 27 or 28",
    make: aliceSignature((signature) =>
      concat([`0x${signature.slice(2, 130)}`, toHex(parseSignature(signature).yParity!, { size: 1 })]),
    ),
  },
  {
    name: "as a 64-byte EIP-2098 compact signature",
    make: aliceSignature((signature) =>
      serializeCompactSignature(signatureToCompactSignature(parseSignature(signature))),
    ),
  },
  {
    name: "as 66 bytes (the maker's valid signature and one more byte)",
    make: aliceSignature((signature) => concat([signature, "0x00"])),
  },
  {
    name: "with an empty signature",
    make: aliceSignature(() => "0x"),
  },
  {
    name: "signed by a key other than the maker's",
    async make(f) {
      const order = sellOrder(f, alice.address);
      return { order, signature: await signTyped(mallory, f.domain, order) };
    },
  },
  {
    name: "whose maker is the zero address, signed by someone",
    async make(f) {
      const order = sellOrder(f, zeroAddress);
      return { order, signature: await signTyped(mallory, f.domain, order) };
    },
  },
  {
    name: "whose maker is the zero address, with a signature that ecrecover maps to the zero address",
    async make(f) {
      return { order: sellOrder(f, zeroAddress), signature: concat([toHex(0n, { size: 64 }), "0x1b"]) };
    },
  },
  {
    name: "whose maker is a contract that is not a wallet (a token)",
    async make(f) {
      const order = sellOrder(f, f.weth.address);
      return { order, signature: await signTyped(alice, f.domain, order) };
    },
  },
  {
    name: "whose maker is an EIP-1271 wallet that answers a value other than the magic value",
    async make(f) {
      const order = sellOrder(f, f.wrongMagicWallet.address);
      return { order, signature: await signTyped(alice, f.domain, order) };
    },
  },
  {
    name: "whose maker is an EIP-1271 wallet whose check reverts",
    async make(f) {
      const order = sellOrder(f, f.revertingWallet.address);
      return { order, signature: await signTyped(alice, f.domain, order) };
    },
  },
  {
    name: "whose maker is an EIP-1271 wallet that accepted it once and refuses it at settlement",
    async make(f) {
      const order = sellOrder(f, f.toggleWallet.address);
      await f.toggleWallet.write.setAccepting([false]);
      return { order, signature: "0x" };
    },
  },
  {
    name: "whose maker is a 2-of-2 Safe, signed by one owner only",
    async make(f) {
      const order = sellOrder(f, f.safe2of2.address);
      return { order, signature: await signAsSafe(f.domain.chainId, order.maker, f.hash(order), [owner1]) };
    },
  },
  {
    name: "whose maker is a 2-of-2 Safe, whose owners signed the order itself rather than the SafeMessage wrapping it",
    async make(f) {
      const order = sellOrder(f, f.safe2of2.address);
      const [first, second] = [owner1, owner2].sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
      return {
        order,
        signature: concat([await signTyped(first, f.domain, order), await signTyped(second, f.domain, order)]),
      };
    },
  },
  {
    name: "whose maker is a 2-of-2 Safe, with both owners' signatures in descending owner order",
    async make(f) {
      const order = sellOrder(f, f.safe2of2.address);
      const typedData = safeMessage(f.domain.chainId, order.maker, f.hash(order));
      const owners = [owner1, owner2].sort(byAddressDescending);
      return { order, signature: concat(await Promise.all(owners.map((o) => o.signTypedData(typedData)))) };
    },
  },
  {
    name: "whose maker is a Safe, with a signature its owners made for another Safe",
    async make(f) {
      const order = sellOrder(f, f.safe1of1.address);
      const otherSafe = await f.safes.createSafe([owner1.address], 1n);
      return { order, signature: await signAsSafe(f.domain.chainId, otherSafe.address, f.hash(order), [owner1]) };
    },
  },
];

describe("Signature matrix: what settle() and withdraw() accept", () => {
  let f: Fixture;

  beforeEach(async () => {
    f = await networkHelpers.loadFixture(deployWithWallets);
  });

  /** Settles the seller's order against the buyer's, the seller resting (maker) or incoming (taker). */
  async function settleAgainstBuyer(sell: SignedOrder, position: "maker" | "taker") {
    const buyOrder = f.order(bob.address, { side: Side.BUY });
    const buy = { order: buyOrder, signature: await signTyped(bob, f.domain, buyOrder) };
    await depositFor(f, bob.address, f.usdc, buyOrder.quoteAmount);
    if (sell.order.maker !== zeroAddress) await depositFor(f, sell.order.maker, f.weth, sell.order.baseAmount);
    const fill = fullFill(sell.order);
    return position === "maker" ? f.settle([sell, buy], [fill]) : f.settle([buy, sell], [fill]);
  }

  async function assertSettled(sell: SignedOrder, position: "maker" | "taker") {
    await settleAgainstBuyer(sell, position);
    const seller = sell.order.maker;
    assert.equal(await f.exchange.read.balanceOf([seller, f.weth.address]), 0n);
    assert.equal(await f.exchange.read.balanceOf([seller, f.usdc.address]), sell.order.quoteAmount);
    assert.equal(await f.exchange.read.balanceOf([bob.address, f.weth.address]), sell.order.baseAmount);
  }

  async function assertRejected(sell: SignedOrder, position: "maker" | "taker") {
    const maker = sell.order.maker;
    const code = maker === zeroAddress ? undefined : await f.publicClient.getCode({ address: maker });
    if (code !== undefined && code !== "0x") {
      await f.viem.assertions.emitWithArgs(settleAgainstBuyer(sell, position), f.exchange, "FillSkipped", [
        () => true,
        0n,
        getAddress(maker),
        2,
      ]);
      assert.equal(await f.exchange.read.balanceOf([bob.address, f.weth.address]), 0n);
      assert.equal(await f.exchange.read.balanceOf([maker, f.weth.address]), sell.order.baseAmount);
      return;
    }
    await expectError(settleAgainstBuyer(sell, position), f.exchange, "InvalidSignature", [
      f.hash(sell.order),
      getAddress(maker),
    ]);
  }

  describe("EOA signatures", () => {
    for (const position of ["maker", "taker"] as const) {
      it(`accepts the maker's valid 65-byte signature, the one the rejected cases derive from (as the ${position})`, async () => {
        await assertSettled(await aliceSignature((s) => s)(f), position);
      });
    }
  });

  describe("rejections", () => {
    for (const { name, make } of REJECTED) {
      for (const position of ["maker", "taker"] as const) {
        it(`rejects an order (as the ${position}) ${name}`, async () => {
          await assertRejected(await make(f), position);
        });
      }
    }
  });

  describe("EIP-1271 wallets", () => {
    it("accepts an order of an EIP-1271 wallet that answers the magic value", async () => {
      await assertSettled({ order: sellOrder(f, f.toggleWallet.address), signature: "0x" }, "maker");
    });
  });

  describe("a real Safe (safe-smart-account 1.5.0, CompatibilityFallbackHandler)", () => {
    it("has its owners sign the digest the fallback handler checks: SafeMessage(abi.encode(orderHash)) under the Safe's domain", async () => {
      const hash = f.hash(sellOrder(f, f.safe2of2.address));
      const message = safeMessage(f.domain.chainId, f.safe2of2.address, hash).message.message;
      assert.equal(
        await f.safes.handler.read.getMessageHashForSafe([f.safe2of2.address, message]),
        safeMessageHash(f.domain.chainId, f.safe2of2.address, hash),
      );
    });

    for (const position of ["maker", "taker"] as const) {
      it(`fills an order (as the ${position}) of a 2-of-2 Safe signed by both owners`, async () => {
        const order = sellOrder(f, f.safe2of2.address);
        const signature = await signAsSafe(f.domain.chainId, order.maker, f.hash(order), [owner2, owner1]);
        assert.equal((signature.length - 2) / 2, 130);
        await assertSettled({ order, signature }, position);
      });
    }

    it("fills an order of a 1-of-1 Safe, whose 65-byte signature is not the owner's ECDSA signature of the order", async () => {
      const order = sellOrder(f, f.safe1of1.address);
      await assertSettled(
        { order, signature: await signAsSafe(f.domain.chainId, order.maker, f.hash(order), [owner1]) },
        "maker",
      );
    });

    it("fills an order the Safe approved on-chain through SignMessageLib, with an empty signature", async () => {
      const order = sellOrder(f, f.safe2of2.address);
      await f.safes.approveOnChain(order.maker, f.hash(order), [owner1, owner2]);
      await assertSettled({ order, signature: "0x" }, "maker");
    });

    it("rejects an order with an empty signature that the Safe has not approved on-chain", async () => {
      const approved = sellOrder(f, f.safe2of2.address);
      await f.safes.approveOnChain(approved.maker, f.hash(approved), [owner1, owner2]);
      await assertRejected({ order: { ...approved, nonce: approved.nonce + 1n }, signature: "0x" }, "maker");
    });
  });

  describe("withdrawals", () => {
    const recipient = mallory.address;

    async function fundedWithdrawal(account: Address): Promise<Withdrawal> {
      await depositFor(f, account, f.usdc, 1_000n * ONE_USDC);
      return { account, token: f.usdc.address, amount: 250n * ONE_USDC, recipient, nonce: 1n, expiry: 0n };
    }

    const sign = (account: LocalAccount, domain: ExchangeDomain, withdrawal: Withdrawal) =>
      account.signTypedData(withdrawalTypedData(domain, withdrawal));

    const withdraw = (withdrawal: Withdrawal, signature: Hex) => f.asOperator.write.withdraw([withdrawal, signature]);

    async function assertWithdrawn(withdrawal: Withdrawal, signature: Hex) {
      await withdraw(withdrawal, signature);
      assert.equal(await f.usdc.read.balanceOf([recipient]), 250n * ONE_USDC);
      assert.equal(await f.exchange.read.balanceOf([withdrawal.account, f.usdc.address]), 750n * ONE_USDC);
    }

    async function assertWithdrawalRejected(withdrawal: Withdrawal, signature: Hex) {
      await expectError(withdraw(withdrawal, signature), f.exchange, "InvalidWithdrawalSignature", [
        hashWithdrawal(f.domain, withdrawal),
        getAddress(withdrawal.account),
      ]);
    }

    it("executes a withdrawal of a 2-of-2 Safe signed by both owners", async () => {
      const withdrawal = await fundedWithdrawal(f.safe2of2.address);
      const hash = hashWithdrawal(f.domain, withdrawal);
      await assertWithdrawn(withdrawal, await signAsSafe(f.domain.chainId, withdrawal.account, hash, [owner1, owner2]));
    });

    it("rejects a withdrawal of a 2-of-2 Safe signed by one owner only", async () => {
      const withdrawal = await fundedWithdrawal(f.safe2of2.address);
      const hash = hashWithdrawal(f.domain, withdrawal);
      await assertWithdrawalRejected(
        withdrawal,
        await signAsSafe(f.domain.chainId, withdrawal.account, hash, [owner2]),
      );
    });

    it("rejects a withdrawal signed for another chain id", async () => {
      const withdrawal = await fundedWithdrawal(alice.address);
      await assertWithdrawalRejected(
        withdrawal,
        await sign(alice, { ...f.domain, chainId: f.domain.chainId + 1 }, withdrawal),
      );
    });

    it("rejects a withdrawal signed by a key other than the account's", async () => {
      const withdrawal = await fundedWithdrawal(alice.address);
      await assertWithdrawalRejected(withdrawal, await sign(mallory, f.domain, withdrawal));
    });

    it("rejects the high-s twin of a valid withdrawal signature", async () => {
      const withdrawal = await fundedWithdrawal(alice.address);
      await assertWithdrawalRejected(withdrawal, highSTwin(await sign(alice, f.domain, withdrawal)));
    });

    it("rejects a withdrawal of an EIP-1271 wallet that answers a value other than the magic value", async () => {
      const withdrawal = await fundedWithdrawal(f.wrongMagicWallet.address);
      await assertWithdrawalRejected(withdrawal, await sign(alice, f.domain, withdrawal));
    });

    it("executes the account's valid withdrawal signature, the one the rejected cases derive from", async () => {
      const withdrawal = await fundedWithdrawal(alice.address);
      await assertWithdrawn(withdrawal, await sign(alice, f.domain, withdrawal));
    });
  });
});
