// Admission agrees with the contract: for each signature case, the off-chain verdict (verifyOrder, then the
// EIP-1271 checker when ECDSA fails) is the one a real settle() gives on a Hardhat chain. On-chain, a rejected
// plain-account signature reverts the batch with InvalidSignature, and a refusing contract maker has its fill
// skipped (FillSkipped reason 2); an accepted one settles. The off-chain verdict is taken first, on the same state.
import assert from "node:assert/strict";
import { network } from "hardhat";
import {
  BaseError,
  concat,
  getAddress,
  ContractFunctionRevertedError,
  parseAbi,
  parseEventLogs,
  parseSignature,
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
  buildBatch,
  domainSeparator,
  exchangeDomain,
  orderTypedData,
  Side,
  type ExchangeDomain,
  type Order,
  type SignedOrder,
} from "../../../protocol/index.js";
import {
  resolveWalletVerdict,
  verifyOrder,
  type FinalSignatureVerdict,
} from "../../../relayer/admission/order-verifier.js";
import { SignatureRejection, type SignatureRejection as Rejection } from "../../../relayer/admission/rejections.js";
import { WalletSignatureChecker } from "../../../relayer/admission/wallet-signature-checker.js";
import { CANCEL_DELAY, deployExchange, EXIT_DELAY, fullFill } from "../../contracts/fixture.js";
import { deploySafeContracts, signAsSafe } from "../../contracts/safe.js";
import { depositFor, highSTwin, testPrivateKey } from "../../contracts/signing.js";
import { answering, deployWallet, MAGIC_WORD, needingGas } from "./bytecode-wallets.js";

const connection = await network.create();
const { networkHelpers } = connection;

const alice = privateKeyToAccount(testPrivateKey("alice"));
const bob = privateKeyToAccount(testPrivateKey("bob"));
const mallory = privateKeyToAccount(testPrivateKey("mallory"));
const owner1 = privateKeyToAccount(testPrivateKey("safe owner 1"));
const owner2 = privateKeyToAccount(testPrivateKey("safe owner 2"));

/**
 * settle()'s gas limit. Not estimated: eth_estimateGas finds the lowest limit at which the transaction succeeds,
 * and a wallet starved below WALLET_GAS by the 63/64 rule only refuses (its fill is skipped), so an estimated
 * limit can turn a wallet's yes into a skip. The contract's rule is "the wallet gets WALLET_GAS"; see the last test.
 */
const SETTLE_GAS = 3_000_000n;

/** IExchangeEvents.FillSkipped, typed here: the fixture's contract types are too loose for parseEventLogs to narrow. */
const FILL_SKIPPED_ABI = parseAbi([
  "event FillSkipped(uint256 indexed batchId, uint256 fillIndex, address account, uint8 reason)",
]);

/** Gas readings around what a wallet reads at its first opcode when given exactly WALLET_GAS (99,998). */
const GAS_EDGES = [99_990, 99_998, 99_999, 100_010];

async function deployWithWallets() {
  const f = await deployExchange(connection);
  const otherExchange = await f.viem.deployContract("Exchange", [
    f.admin.account.address,
    f.operator.account.address,
    f.feeRecipient.account.address,
    CANCEL_DELAY,
    EXIT_DELAY,
  ]);
  const toggleWallet = await f.viem.deployContract("ToggleWallet", [true]);
  const wrongMagicWallet = await f.viem.deployContract("WrongMagicWallet");
  const revertingWallet = await f.viem.deployContract("RevertingWallet");
  const safes = await deploySafeContracts(connection);
  const safe2of2 = await safes.createSafe([owner1.address, owner2.address], 2n);
  const bytecodeWallets = {
    magicWord: await deployWallet(f, answering(MAGIC_WORD)),
    magicWordAndMore: await deployWallet(f, answering(concat([MAGIC_WORD, toHex(1n, { size: 32 })]))),
    magicSelectorOnly: await deployWallet(f, answering("0x1626ba7e")),
    magicWithDirtyTail: await deployWallet(f, answering(concat(["0x1626ba7e", toHex(1n, { size: 28 })]))),
    empty: await deployWallet(f, answering("0x")),
    revertingWithMagic: await deployWallet(f, answering(MAGIC_WORD, { revert: true })),
  };
  const gasWallets = await Promise.all(GAS_EDGES.map((gas) => deployWallet(f, needingGas(gas))));
  const wallets = new WalletSignatureChecker({ client: f.publicClient, exchange: f.exchange.address });
  return {
    ...f,
    otherExchange,
    toggleWallet,
    wrongMagicWallet,
    revertingWallet,
    safes,
    safe2of2,
    bytecodeWallets,
    gasWallets,
    wallets,
  };
}

type Fixture = Awaited<ReturnType<typeof deployWithWallets>>;

const signTyped = (account: LocalAccount, domain: ExchangeDomain, order: Order): Promise<Hex> =>
  account.signTypedData(orderTypedData(domain, order));

const sellOrder = (f: Fixture, maker: Address): Order => f.order(maker, { side: Side.SELL });

/** Alice's valid signature on her sell order, changed by `mangle`. */
const aliceSigned = (mangle: (signature: Hex) => Hex) => async (f: Fixture) => {
  const order = sellOrder(f, alice.address);
  return { order, signature: mangle(await signTyped(alice, f.domain, order)) };
};

/** A signature case and the off-chain verdict it must get: accepted (undefined) or a rejection code. */
interface Case {
  name: string;
  expected: Rejection | undefined;
  make(f: Fixture): Promise<SignedOrder>;
}

const walletOrder =
  (pick: (f: Fixture) => Address, signature: Hex = "0x") =>
  async (f: Fixture) => ({ order: sellOrder(f, pick(f)), signature });

const CASES: Case[] = [
  { name: "the maker's valid 65-byte signature", expected: undefined, make: aliceSigned((s) => s) },
  {
    name: "a signature for another chain id",
    expected: SignatureRejection.SIGNATURE_WRONG_SIGNER,
    async make(f) {
      const order = sellOrder(f, alice.address);
      return { order, signature: await signTyped(alice, { ...f.domain, chainId: f.domain.chainId + 1 }, order) };
    },
  },
  {
    name: "a signature for another deployment of the exchange",
    expected: SignatureRejection.SIGNATURE_WRONG_SIGNER,
    async make(f) {
      const order = sellOrder(f, alice.address);
      return {
        order,
        signature: await signTyped(alice, exchangeDomain(f.domain.chainId, f.otherExchange.address), order),
      };
    },
  },
  {
    name: "the high-s twin of the maker's valid signature",
    expected: SignatureRejection.SIGNATURE_HIGH_S,
    make: aliceSigned(highSTwin),
  },
  {
    name: "the maker's signature with v = 0/1 instead of 27/28",
    expected: SignatureRejection.SIGNATURE_BAD_V,
    make: aliceSigned((s) => concat([`0x${s.slice(2, 130)}`, toHex(parseSignature(s).yParity!, { size: 1 })])),
  },
  {
    name: "the maker's signature as 64-byte EIP-2098 compact",
    expected: SignatureRejection.SIGNATURE_MALFORMED,
    make: aliceSigned((s) => serializeCompactSignature(signatureToCompactSignature(parseSignature(s)))),
  },
  {
    name: "the maker's signature and one more byte (66 bytes)",
    expected: SignatureRejection.SIGNATURE_MALFORMED,
    make: aliceSigned((s) => concat([s, "0x00"])),
  },
  { name: "an empty signature", expected: SignatureRejection.SIGNATURE_MALFORMED, make: aliceSigned(() => "0x") },
  {
    name: "the maker's signature with r = 0",
    expected: SignatureRejection.SIGNATURE_UNRECOVERABLE,
    make: aliceSigned((s) => `0x${"0".repeat(64)}${s.slice(66)}`),
  },
  {
    name: "a signature by another key",
    expected: SignatureRejection.SIGNATURE_WRONG_SIGNER,
    async make(f) {
      const order = sellOrder(f, alice.address);
      return { order, signature: await signTyped(mallory, f.domain, order) };
    },
  },
  {
    name: "a zero-address maker, signed by someone",
    expected: SignatureRejection.MAKER_ZERO_ADDRESS,
    async make(f) {
      const order = sellOrder(f, zeroAddress);
      return { order, signature: await signTyped(mallory, f.domain, order) };
    },
  },
  {
    name: "a zero-address maker, with a signature ecrecover maps to the zero address",
    expected: SignatureRejection.MAKER_ZERO_ADDRESS,
    make: async (f) => ({ order: sellOrder(f, zeroAddress), signature: concat([toHex(0n, { size: 64 }), "0x1b"]) }),
  },
  {
    name: "an EIP-1271 wallet that answers the magic value",
    expected: undefined,
    make: walletOrder((f) => f.toggleWallet.address),
  },
  {
    name: "an EIP-1271 wallet that accepted once and now refuses",
    expected: SignatureRejection.WALLET_REFUSED,
    async make(f) {
      await f.toggleWallet.write.setAccepting([false]);
      return walletOrder((f) => f.toggleWallet.address)(f);
    },
  },
  {
    name: "a wallet answering another value",
    expected: SignatureRejection.WALLET_REFUSED,
    make: walletOrder((f) => f.wrongMagicWallet.address),
  },
  {
    name: "a wallet whose check reverts",
    expected: SignatureRejection.WALLET_REFUSED,
    make: walletOrder((f) => f.revertingWallet.address),
  },
  {
    name: "a contract that is no wallet (a token), with the maker's key signing",
    expected: SignatureRejection.WALLET_REFUSED,
    async make(f) {
      const order = sellOrder(f, f.weth.address);
      return { order, signature: await signTyped(alice, f.domain, order) };
    },
  },
  {
    name: "a 2-of-2 Safe signed by both owners (SafeMessage)",
    expected: undefined,
    async make(f) {
      const order = sellOrder(f, f.safe2of2.address);
      return { order, signature: await signAsSafe(f.domain.chainId, order.maker, f.hash(order), [owner1, owner2]) };
    },
  },
  {
    name: "a 2-of-2 Safe signed by one owner only",
    expected: SignatureRejection.WALLET_REFUSED,
    async make(f) {
      const order = sellOrder(f, f.safe2of2.address);
      return { order, signature: await signAsSafe(f.domain.chainId, order.maker, f.hash(order), [owner1]) };
    },
  },
  {
    name: "a 2-of-2 Safe that approved the order on-chain, with an empty signature",
    expected: undefined,
    async make(f) {
      const order = sellOrder(f, f.safe2of2.address);
      await f.safes.approveOnChain(order.maker, f.hash(order), [owner1, owner2]);
      return { order, signature: "0x" };
    },
  },
  {
    name: "a wallet answering exactly the magic word",
    expected: undefined,
    make: walletOrder((f) => f.bytecodeWallets.magicWord),
  },
  {
    name: "a wallet answering the magic word and 32 more bytes",
    expected: undefined,
    make: walletOrder((f) => f.bytecodeWallets.magicWordAndMore),
  },
  {
    name: "a wallet answering the 4-byte selector only",
    expected: SignatureRejection.WALLET_REFUSED,
    make: walletOrder((f) => f.bytecodeWallets.magicSelectorOnly),
  },
  {
    name: "a wallet answering the selector with non-zero bytes after it",
    expected: SignatureRejection.WALLET_REFUSED,
    make: walletOrder((f) => f.bytecodeWallets.magicWithDirtyTail),
  },
  {
    name: "a wallet answering nothing",
    expected: SignatureRejection.WALLET_REFUSED,
    make: walletOrder((f) => f.bytecodeWallets.empty),
  },
  {
    name: "a wallet reverting with the magic word",
    expected: SignatureRejection.WALLET_REFUSED,
    make: walletOrder((f) => f.bytecodeWallets.revertingWithMagic),
  },
  ...GAS_EDGES.map(
    (gas, i): Case => ({
      name: `a wallet that answers only when its first opcode reads at least ${gas} gas`,
      expected: gas <= 99_998 ? undefined : SignatureRejection.WALLET_REFUSED,
      make: walletOrder((f) => f.gasWallets[i]),
    }),
  ),
];

describe("Admission agrees with settle() on every signature", () => {
  let f: Fixture;
  let nextBatchId = 1n;

  beforeEach(async () => {
    f = await networkHelpers.loadFixture(deployWithWallets);
  });

  /** The off-chain verdict, as the relayer will take it. */
  async function offChainVerdict({ order, signature }: SignedOrder): Promise<FinalSignatureVerdict> {
    return resolveWalletVerdict(verifyOrder(domainSeparator(f.domain), order, signature), order, signature, f.wallets);
  }

  /** Settles the sell order (resting) against Bob's valid buy; whether settle() accepted the sell order's signature. */
  async function onChainAccepts(sell: SignedOrder): Promise<boolean> {
    const buyOrder = f.order(bob.address, { side: Side.BUY });
    const buy = { order: buyOrder, signature: await signTyped(bob, f.domain, buyOrder) };
    await depositFor(f, bob.address, f.usdc, buyOrder.quoteAmount);
    if (sell.order.maker !== zeroAddress) await depositFor(f, sell.order.maker, f.weth, sell.order.baseAmount);
    let hash: Hex;
    try {
      hash = await f.asOperator.write.settle([buildBatch(nextBatchId++, [sell, buy], [fullFill(sell.order)])], {
        gas: SETTLE_GAS,
      });
    } catch (error) {
      const reverted =
        error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : null;
      if (reverted instanceof ContractFunctionRevertedError && reverted.data?.errorName === "InvalidSignature")
        return false;
      throw error; // any other revert means the case is broken, not that the signature was refused
    }
    const receipt = await f.publicClient.waitForTransactionReceipt({ hash });
    const skipped = parseEventLogs({ abi: FILL_SKIPPED_ABI, logs: receipt.logs, eventName: "FillSkipped" });
    assert.ok(
      skipped.every((log) => log.args.reason === 2),
      "only a wallet refusal may skip the fill",
    );
    return skipped.length === 0;
  }

  for (const { name, expected, make } of CASES) {
    it(`${expected === undefined ? "accepts" : `rejects (${expected})`} ${name}, as settle() does`, async () => {
      const signed = await make(f);
      const verdict = await offChainVerdict(signed);
      assert.equal(verdict.hash, f.hash(signed.order));
      assert.deepEqual(verdict.ok ? undefined : verdict.code, expected);
      assert.equal(await onChainAccepts(signed), verdict.ok);
    });
  }

  // The contract will not start a wallet's EIP-1271 call with less than WALLET_GAS available (EIP-150 forwards only
  // 63/64 of what is left), so an estimated gas limit cannot starve a wallet that uses most of it: the estimate
  // rises until the wallet gets its full allowance, and the verdicts agree.
  it("agrees for a wallet needing its whole WALLET_GAS even when settle()'s gas limit comes from eth_estimateGas", async () => {
    const order = sellOrder(f, f.gasWallets[GAS_EDGES.indexOf(99_998)]);
    assert.equal((await offChainVerdict({ order, signature: "0x" })).ok, true);
    const buyOrder = f.order(bob.address, { side: Side.BUY });
    await depositFor(f, bob.address, f.usdc, buyOrder.quoteAmount);
    await depositFor(f, order.maker, f.weth, order.baseAmount);
    const hash = await f.settle(
      [
        { order, signature: "0x" },
        { order: buyOrder, signature: await signTyped(bob, f.domain, buyOrder) },
      ],
      [fullFill(order)],
    );
    const receipt = await f.publicClient.waitForTransactionReceipt({ hash });
    const skipped = parseEventLogs({ abi: FILL_SKIPPED_ABI, logs: receipt.logs, eventName: "FillSkipped" });
    assert.deepEqual(skipped, []);
  });

  it("reverts InsufficientGasForWallet rather than starve a wallet under a gas limit too low for its allowance", async () => {
    const order = sellOrder(f, f.gasWallets[GAS_EDGES.indexOf(99_998)]);
    const buyOrder = f.order(bob.address, { side: Side.BUY });
    await depositFor(f, bob.address, f.usdc, buyOrder.quoteAmount);
    await depositFor(f, order.maker, f.weth, order.baseAmount);
    const batch = buildBatch(
      99n,
      [
        { order, signature: "0x" },
        { order: buyOrder, signature: await signTyped(bob, f.domain, buyOrder) },
      ],
      [fullFill(order)],
    );
    await f.viem.assertions.revertWithCustomErrorWithArgs(
      f.asOperator.write.settle([batch], { gas: 150_000n }),
      f.exchange,
      "InsufficientGasForWallet",
      [getAddress(order.maker)],
    );
  });
});
