/**
 * The process the settlement crash test kills. It opens a relayer's services with a settler over the data dir it is
 * given, against the Hardhat JSON-RPC node of the parent (automining off: the child mines one block after each step),
 * credits the chain's initial deposits, places crossing orders on the first run, then steps the settler until it is
 * idle. Its `stage` says where it SIGKILLs itself (a real kill, at an exact point):
 *
 *   queued           the fills are acknowledged (in the log), no batch is stored
 *   matched          a batch is stored, nothing is signed
 *   before-send      a transaction is stored (synced) and not broadcast yet
 *   after-send       a transaction is broadcast and in the mempool, not in a block
 *   after-inclusion  a batch is in a block, 1 confirmation of the 3 needed
 *   confirming       a batch has 2 confirmations of 3
 *   none             runs to the end and prints `done <summary JSON>`
 *
 *   node --import tsx test/relayer/settlement/crash-child.ts <dir> <rpcUrl> <exchange> <weth> <usdc> <feeRecipient> <stage>
 *
 * Loaded as a module by the test runner (which loads every file under test/), it does nothing.
 */
import { pathToFileURL } from "node:url";
import { createPublicClient, http, type Address, type PublicClient } from "viem";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { exchangeDomain, orderTypedData, type Order } from "../../../protocol/index.js";
import { toWireSignedOrder } from "../../../relayer/orders/index.js";
import { openServices } from "../../../relayer/open-services.js";
import { SETTLEMENT_ABI } from "../../../relayer/settlement/index.js";
import { LOT, marketsConfig, TICK } from "./market.js";

const MNEMONIC = "test test test test test test test test test test test junk";
const OPERATOR_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
export const CRASH_PAIRS = 8;
export const CRASH_TRADERS = 7;

async function main(
  dir: string,
  rpcUrl: string,
  exchange: Address,
  weth: Address,
  usdc: Address,
  feeRecipient: Address,
  stage: string,
): Promise<void> {
  const client = createPublicClient({ chain: hardhat, transport: http(rpcUrl) }) as PublicClient;
  const die = () => process.kill(process.pid, "SIGKILL");
  const say = (line: string) => process.stdout.write(line + "\n");
  const services = await openServices({
    dataDir: dir,
    chainId: hardhat.id,
    exchange,
    markets: marketsConfig(weth, usdc),
    feeRecipient,
    settlement: {
      client,
      account: privateKeyToAccount(OPERATOR_KEY),
      confirmations: 3,
      policies: { 1: { maxFills: 3 } },
      onAlert: (a) => say(`alert ${JSON.stringify(a, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))}`),
      onSettlementState: (s) => {
        say(`state ${s.batchId} ${s.state}`);
        if ((stage === "matched" && s.state === "matched") || (stage === "before-send" && s.state === "submitted"))
          die();
      },
    },
  });
  const { trading, settler } = services;
  const traders = Array.from({ length: CRASH_TRADERS }, (_, i) => mnemonicToAccount(MNEMONIC, { addressIndex: 3 + i }));
  for (const t of traders) {
    for (const [token, amount] of [
      [weth, 100n * 10n ** 18n],
      [usdc, 300_000n * 10n ** 6n],
    ] as const) {
      const { rejection } = await trading.submitLedger({
        type: "deposit-credited",
        depositId: `initial-${t.address}-${token}`,
        account: t.address,
        token,
        amount,
      });
      if (rejection !== null && rejection.code !== "duplicate-deposit") throw new Error(JSON.stringify(rejection));
    }
  }
  const ledger = trading.ledgerView.ledger;
  if (ledger.nextFillId === 1) {
    const domain = exchangeDomain(hardhat.id, exchange);
    for (let i = 0; i < CRASH_PAIRS; i++) {
      for (const [who, side] of [
        [traders[i % CRASH_TRADERS], 1],
        [traders[(i + 1) % CRASH_TRADERS], 0],
      ] as const) {
        const o: Order = {
          maker: who.address.toLowerCase() as Address,
          baseToken: weth.toLowerCase() as Address,
          quoteToken: usdc.toLowerCase() as Address,
          side,
          baseAmount: 10n * LOT,
          quoteAmount: 10n * 3000n * TICK,
          triggerQuoteAmount: 0n,
          nonce: BigInt(1 + i),
          expiry: 0n,
          maxFeeBps: 30,
          timeInForce: 0,
          flags: 0,
          selfTradePrevention: 0,
        };
        const signature = await who.signTypedData(orderTypedData(domain, o));
        await services.orders.place(toWireSignedOrder({ order: o, signature }));
      }
    }
  }
  say(`fills ${ledger.nextFillId - 1}`);
  if (stage === "queued") die();
  for (let i = 0; i < 200; i++) {
    await settler!.step({ flush: true });
    const head = await client.getBlockNumber({ cacheTime: 0 });
    const batches = settler!.list();
    if (stage === "after-send" && batches.some((b) => b.state === "submitted" && b.txs.length > 0)) die();
    if (stage === "after-inclusion" && batches.some((b) => b.state === "included")) die();
    if (
      stage === "confirming" &&
      batches.some((b) => b.state === "included" && head >= BigInt(b.inclusion!.blockNumber) + 1n)
    )
      die();
    if (settler!.idle) {
      const accounts = [...traders.map((t) => t.address), feeRecipient];
      const differences: string[] = [];
      for (const account of accounts) {
        for (const token of [weth, usdc]) {
          const onChain = await client.readContract({
            address: exchange,
            abi: SETTLEMENT_ABI,
            functionName: "balanceOf",
            args: [account, token],
          });
          const known = ledger.balance(account, token).deposited;
          if (onChain !== known) differences.push(`${account} ${token} chain ${onChain} ledger ${known}`);
        }
      }
      const summary = {
        batches: batches.map((b) => ({
          id: b.id,
          state: b.state,
          fills: b.fills.map((f) => f.fillId),
          txs: b.txs.length,
        })),
        pending: ledger.pendingFillIds(),
        differences,
      };
      say(`done ${JSON.stringify(summary)}`);
      await services.close();
      process.exit(0);
    }
    await client.request({ method: "evm_mine" } as never);
  }
  throw new Error("not idle after 200 steps");
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dir, rpcUrl, exchange, weth, usdc, feeRecipient, stage] = process.argv.slice(2);
  main(dir, rpcUrl, exchange as Address, weth as Address, usdc as Address, feeRecipient as Address, stage).catch(
    (error: unknown) => {
      process.stderr.write(
        `crash-child failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
