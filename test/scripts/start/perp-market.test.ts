// The embedded default's perpetual market (scripts/start/perp-market.ts) on a real in-process chain: MarginModule holds
// the exchange's MARGIN_MODULE_ROLE, ETH-USD is listed against USDC, and a price signed by the development signer is
// accepted, so the next issue's price service can drive it.
import assert from "node:assert/strict";
import { network } from "hardhat";
import type { PublicClient, WalletClient } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { describe, it } from "mocha";
import { priceDomain, signPriceUpdate } from "../../../protocol/index.js";
import { deployPerpMarket, PERP_ETH_USD } from "../../../scripts/start/perp-market.js";
import { deployExchange, ONE_USDC } from "../../contracts/fixture.js";

describe("scripts/start: the embedded perpetual market", function () {
  this.timeout(120_000);

  it("lists ETH-USD in a MarginModule the exchange lets move USDC collateral, priced by the development signer", async () => {
    const connection = await network.create();
    const f = await deployExchange(connection);
    const signer = mnemonicToAccount("test test test test test test test test test test test junk", {
      addressIndex: 11,
    });
    const deployed = await deployPerpMarket({
      deployer: f.admin as unknown as WalletClient,
      client: f.publicClient as unknown as PublicClient,
      exchange: f.exchange.address,
      admin: f.admin.account.address,
      operator: f.operator.account.address,
      usdc: f.usdc.address,
      priceSigner: signer.address,
    });
    const module = await f.viem.getContractAt("MarginModule", deployed.marginModule);
    assert.equal(
      await f.exchange.read.hasRole([await f.exchange.read.MARGIN_MODULE_ROLE(), deployed.marginModule]),
      true,
    );
    assert.equal(((await module.read.marketBook([PERP_ETH_USD])) as { listed: boolean }).listed, true);

    const [trader] = f.traders;
    await f.fund(trader, f.usdc, 100n * ONE_USDC);
    await module.write.depositCollateral([10n * ONE_USDC], { account: trader.account });
    const timestamp = BigInt(await connection.networkHelpers.time.latest());
    const price = 3_000n * ONE_USDC;
    const update = { market: PERP_ETH_USD, price, confidence: price / 1_000n, timestamp };
    const signed = await signPriceUpdate(
      priceDomain(await f.publicClient.getChainId(), deployed.marginModule),
      update,
      [signer],
    );
    await module.write.withdrawCollateral([ONE_USDC, [signed]], { account: trader.account });
    assert.deepEqual(await module.read.latestPrice([PERP_ETH_USD]), [price, timestamp]);
    assert.equal(await module.read.collateralOf([trader.account.address]), 9n * ONE_USDC);
  });
});
