/**
 * The settler inside a running relayer (startRelayer with a `settlement` block, its own timer): a fill's makers hear
 * its settlement on their private socket channel, and a withdrawal posted to POST /v1/withdrawals is executed on-chain
 * and shows as settled, with the chain's balances equal to the ledger's.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "mocha";
import type { Socket } from "socket.io-client";
import type { Address, PublicClient } from "viem";
import { withdrawalTypedData, hashWithdrawal, type Withdrawal } from "../../../protocol/index.js";
import { startRelayer, type RunningRelayer } from "../../../relayer/app.js";
import { collect, loggedIn } from "../ws/private-fixtures.js";
import { deployChain, differences, fund, marketsConfig, order, place, trader, type World } from "./fixtures.js";

describe("Settler in a running relayer", function () {
  this.timeout(60_000);

  it("tells makers on their private channel, and executes a posted withdrawal on-chain", async () => {
    const chain = await deployChain();
    const dataDir = await mkdtemp(join(tmpdir(), "settlement-e2e-"));
    const sockets: Socket[] = [];
    let relayer: RunningRelayer | undefined;
    try {
      relayer = await startRelayer({
        port: 0,
        dataDir,
        chainId: chain.chainId,
        exchange: chain.exchange.address,
        markets: marketsConfig(chain.weth.address, chain.usdc.address),
        feeRecipient: chain.feeRecipient.account.address,
        log: () => {},
        settlement: {
          client: chain.publicClient as unknown as PublicClient,
          account: chain.operatorAccount,
          confirmations: 1,
          pollIntervalMs: 10,
        },
      });
      const world = { chain, services: relayer.services } as World;
      const [a, b] = [trader(0), trader(1)];
      await fund(world, [a.address, b.address], 10n ** 18n, 10_000n * 10n ** 6n);
      const session = await loggedIn(relayer.url, a, sockets);
      const notices = collect(session, "settlement");

      await place(world, a, order(chain, a.address, 1, 10n, 3000n));
      await place(world, b, order(chain, b.address, 0, 10n, 3000n));
      const w: Withdrawal = {
        account: a.address.toLowerCase() as Address,
        token: chain.usdc.address.toLowerCase() as Address,
        amount: 100n * 10n ** 6n,
        recipient: a.address.toLowerCase() as Address,
        nonce: 1n,
        expiry: 0n,
      };
      const signature = await a.signTypedData(withdrawalTypedData(chain.domain, w));
      const posted = await fetch(`${relayer.url}/v1/withdrawals`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ withdrawal: { ...w, amount: w.amount.toString(), nonce: "1", expiry: "0" }, signature }),
      });
      assert.equal(posted.status, 201, await posted.text());

      const settler = relayer.services.settler!;
      // Bounded wait for the settler's own timer (not a timing assertion); then the socket's last messages.
      for (let i = 0; i < 1_000 && !(settler.idle && notices.some((n) => n.state === "final")); i++)
        await new Promise((r) => setTimeout(r, 10));
      assert.ok(settler.idle);
      assert.deepEqual(
        notices.map((n) => n.state),
        ["submitted", "included", "final"],
      );
      assert.deepEqual(notices[2].fillIds, [1]);
      assert.equal(notices[2].txHash, settler.batch("1")!.inclusion!.txHash);

      const id = hashWithdrawal(chain.domain, w);
      const status = (await (await fetch(`${relayer.url}/v1/withdrawals/${id}`)).json()) as { status: string };
      assert.equal(status.status, "settled");
      assert.equal(await chain.usdc.read.balanceOf([a.address]), 100n * 10n ** 6n);
      assert.deepEqual(await differences(world, [a.address, b.address, chain.feeRecipient.account.address]), []);
    } finally {
      for (const s of sockets) s.close();
      await relayer?.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
