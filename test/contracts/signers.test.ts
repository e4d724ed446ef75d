// Integrators sign with the library they already use. Orders and withdrawals signed by viem, ethers v6 and
// MetaMask's eth-sig-util (and by the node, through the wallet client's eth_signTypedData_v4) from the domain
// and types of protocol/ are accepted by the contract.
import assert from "node:assert/strict";
import { network } from "hardhat";
import type { Address } from "viem";
import {
  orderTypedData,
  Side,
  UINT64_MAX,
  withdrawalTypedData,
  type Order,
  type Withdrawal,
} from "../../protocol/index.js";
import { deployExchange, fullFill, ONE_USDC, ONE_WETH, type ExchangeFixture } from "./fixture.js";
import {
  depositFor,
  ethersSigner,
  ethSigUtilSigner,
  testPrivateKey,
  viemSigner,
  type SignedType,
  type TypedDataSigner,
} from "./signing.js";

const connection = await network.create();
const { networkHelpers } = connection;

const LIBRARY_SIGNERS = [
  viemSigner(testPrivateKey("viem")),
  ethersSigner(testPrivateKey("ethers")),
  ethSigUtilSigner(testPrivateKey("eth-sig-util")),
];

/** A node account signing through JSON-RPC (eth_signTypedData_v4), as a browser wallet would. */
function walletClientSigner(f: ExchangeFixture): TypedDataSigner {
  const wallet = f.traders[5];
  return {
    library: "viem wallet client",
    address: wallet.account.address,
    sign: (domain, primaryType, message) =>
      primaryType === "Order"
        ? wallet.signTypedData({ account: wallet.account, ...orderTypedData(domain, message as Order) })
        : wallet.signTypedData({ account: wallet.account, ...withdrawalTypedData(domain, message as Withdrawal) }),
  };
}

const SIGNER_NAMES = [...LIBRARY_SIGNERS.map((s) => s.library), "viem wallet client"];

describe("Orders and withdrawals signed by independent EIP-712 libraries", () => {
  let f: ExchangeFixture;
  let signers: TypedDataSigner[];
  const fixture = () => deployExchange(connection);

  beforeEach(async () => {
    f = await networkHelpers.loadFixture(fixture);
    signers = [...LIBRARY_SIGNERS, walletClientSigner(f)];
  });

  const signerNamed = (library: string) => signers.find((s) => s.library === library)!;
  const sign = (signer: TypedDataSigner, primaryType: SignedType, message: Order | Withdrawal) =>
    signer.sign(f.domain, primaryType, message as never);

  it("viem, ethers and eth-sig-util produce the same signature bytes for the same key and order (RFC 6979)", async () => {
    const key = testPrivateKey("one key, three libraries");
    const order = f.order(viemSigner(key).address);
    const signatures = await Promise.all(
      [viemSigner(key), ethersSigner(key), ethSigUtilSigner(key)].map((s) => s.sign(f.domain, "Order", order)),
    );
    assert.equal(new Set(signatures.map((s) => s.toLowerCase())).size, 1, signatures.join("\n"));
  });

  for (const makerLibrary of SIGNER_NAMES) {
    for (const takerLibrary of SIGNER_NAMES) {
      if (makerLibrary === takerLibrary) continue;
      it(`settles a resting sell signed with ${makerLibrary} against a buy signed with ${takerLibrary}`, async () => {
        const maker = signerNamed(makerLibrary);
        const taker = signerNamed(takerLibrary);
        const now = BigInt(await networkHelpers.time.latest());
        // Fields away from their defaults, so that every one of them goes through each library's encoder.
        const sell: Order = f.order(maker.address, {
          side: Side.SELL,
          baseAmount: 2n * ONE_WETH,
          quoteAmount: 6_000n * ONE_USDC,
          nonce: UINT64_MAX,
          expiry: now + 3_600n,
          maxFeeBps: 25,
          timeInForce: 0,
          flags: 1, // post-only: it rests, and is the maker of the fill
          selfTradePrevention: 3,
        });
        const buy: Order = f.order(taker.address, {
          side: Side.BUY,
          baseAmount: ONE_WETH,
          quoteAmount: 3_100n * ONE_USDC,
          triggerQuoteAmount: 3_050n * ONE_USDC,
          nonce: 0n,
          expiry: now + 60n,
          maxFeeBps: 10_000,
          timeInForce: 1,
          selfTradePrevention: 2,
        });
        await depositFor(f, maker.address, f.weth, 2n * ONE_WETH);
        await depositFor(f, taker.address, f.usdc, 3_000n * ONE_USDC);
        const fill = fullFill(sell, {
          baseAmount: ONE_WETH,
          quoteAmount: 3_000n * ONE_USDC,
          makerFee: 3n * ONE_USDC,
          takerFee: ONE_WETH / 1_000n,
        });

        await f.settle(
          [
            { order: sell, signature: await sign(maker, "Order", sell) },
            { order: buy, signature: await sign(taker, "Order", buy) },
          ],
          [fill],
        );

        assert.equal(await f.exchange.read.balanceOf([maker.address, f.weth.address]), ONE_WETH);
        assert.equal(await f.exchange.read.balanceOf([maker.address, f.usdc.address]), 2_997n * ONE_USDC);
        assert.equal(await f.exchange.read.balanceOf([taker.address, f.weth.address]), ONE_WETH - ONE_WETH / 1_000n);
        assert.equal(await f.exchange.read.balanceOf([taker.address, f.usdc.address]), 0n);
      });
    }
  }

  for (const library of SIGNER_NAMES) {
    it(`executes a withdrawal signed with ${library}`, async () => {
      const account = signerNamed(library);
      const recipient: Address = f.traders[0].account.address;
      await depositFor(f, account.address, f.usdc, 1_000n * ONE_USDC);
      const withdrawal: Withdrawal = {
        account: account.address,
        token: f.usdc.address,
        amount: 400n * ONE_USDC,
        recipient,
        nonce: UINT64_MAX,
        expiry: BigInt(await networkHelpers.time.latest()) + 600n,
      };
      const before = (await f.usdc.read.balanceOf([recipient])) as bigint;

      await f.asOperator.write.withdraw([withdrawal, await sign(account, "Withdrawal", withdrawal)]);

      assert.equal(await f.usdc.read.balanceOf([recipient]), before + 400n * ONE_USDC);
      assert.equal(await f.exchange.read.balanceOf([account.address, f.usdc.address]), 600n * ONE_USDC);
      assert.equal(
        await f.exchange.read.isWithdrawalExecuted([await f.exchange.read.hashWithdrawal([withdrawal])]),
        true,
      );
    });
  }
});
