// npm run bench:proof [-- --json] [-- --runs 5] [-- 32]
// For each compiled batch auction circuit (N = 32, 64; circuits/build/): its constraints, the Groth16 proving time
// (p50 over several full batches of N orders, snarkjs fullProve on this thread, witness included), the gas of
// the generated verifier's verifyProof (estimateGas of a call, minus the 21,000 of a transaction: calldata
// included), and the settlement gas per fill of the same N-order batch through AuctionSettlement.settle (proof
// checked, plus closeBatch posting the commitment) and straight through Exchange.settle (no proof), from the same
// chain state. Every account already
// holds both tokens (steady state, as in bench:gas).
import { existsSync, readFileSync } from "node:fs";
import { network } from "hardhat";
import { keccak256, toHex, type Hex } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import {
  exchangeDomain,
  orderTypedData,
  Side as ProtocolSide,
  type Order,
  type SignedOrder,
} from "../protocol/index.js";
import { Side } from "../engine/types.js";
import { circuitArtifacts } from "../relayer/auction/artifacts.js";
import { batchCommitment } from "../protocol/auction/commitment.js";
import { orderHashToField } from "../protocol/auction/field.js";
import { proveAuction, type AuctionProof } from "../relayer/auction/prover.js";
import { auctionSettleArgs, type AuctionMarket } from "../relayer/auction/settlement-call.js";
import type { AuctionBatch } from "../relayer/auction/circuit-input.js";
import type { AuctionSlot } from "../protocol/auction/slot.js";
import { hashOrder } from "../protocol/index.js";
import { deployBenchExchange } from "./bench/bench-exchange.js";

const args = process.argv.slice(2);
const json = args.includes("--json");
const runsArg = args.indexOf("--runs");
const RUNS = runsArg >= 0 ? Number(args[runsArg + 1]) : 5;
const sizes = args.filter((a, i) => /^\d+$/.test(a) && args[i - 1] !== "--runs").map(Number);
const SIZES = sizes.length > 0 ? sizes : [32, 64];
const log = (line: string) => {
  if (!json) console.error(line);
};

const { viem, networkHelpers } = await network.create();
const publicClient = await viem.getPublicClient();
const [admin, operator] = await viem.getWalletClients();
const chainId = await publicClient.getChainId();
const MARKET: AuctionMarket = { lotSize: 10n ** 16n, tickSize: 10n ** 4n, makerFeeBps: 0, takerFeeBps: 0 };
const accounts: PrivateKeyAccount[] = Array.from({ length: 64 }, (_, i) =>
  privateKeyToAccount(keccak256(toHex(`bench-proof-${i}`))),
);

/**
 * A batch of `n` orders that all trade: half sells, half buys, one account each, sizes 1-3 lots and limits spread
 * around 3000 ticks so that the rule has levels to choose from; `salt` varies sizes and limits between runs.
 */
function batchSpec(n: number, salt: number): { side: Side; size: number; price: number }[] {
  return Array.from({ length: n }, (_, i) => {
    const sells = i % 2 === 0;
    const size = 1 + ((i * 7 + salt) % 3);
    const offset = (i * 5 + salt * 3) % 7;
    return { side: sells ? Side.Sell : Side.Buy, size, price: sells ? 2995 + offset : 3000 + offset };
  });
}

async function deploy(n: number) {
  const { exchange, weth, usdc } = await deployBenchExchange(viem);
  const verifier = await viem.deployContract(`BatchAuctionVerifier${n}` as "BatchAuctionVerifier32");
  const settlement = await viem.deployContract("AuctionSettlement", [
    admin.account.address,
    operator.account.address,
    exchange.address,
  ]);
  await exchange.write.grantRole([await exchange.read.AUCTION_SETTLER_ROLE(), settlement.address]);
  await settlement.write.setMarket([weth.address, usdc.address, MARKET.lotSize, MARKET.tickSize]);
  await settlement.write.setVerifier([n, verifier.address]);
  const total = 10n ** 30n;
  for (const token of [weth, usdc]) {
    await token.write.mint([admin.account.address, total]);
    await token.write.approve([exchange.address, total]);
    for (const account of accounts.slice(0, n))
      await exchange.write.depositTo([token.address, 10n ** 24n, account.address]);
  }
  return {
    exchange,
    weth,
    usdc,
    verifier,
    settlement,
    asOperator: await viem.getContractAt("AuctionSettlement", settlement.address, { client: { wallet: operator } }),
    exchangeAsOperator: await viem.getContractAt("Exchange", exchange.address, { client: { wallet: operator } }),
    domain: exchangeDomain(chainId, exchange.address),
  };
}

async function signedBatch(m: Awaited<ReturnType<typeof deploy>>, n: number, batchId: bigint, salt: number) {
  const signed: SignedOrder[] = [];
  const slots: AuctionSlot[] = [];
  for (const [i, spec] of batchSpec(n, salt).entries()) {
    const order: Order = {
      maker: accounts[i].address,
      baseToken: m.weth.address,
      quoteToken: m.usdc.address,
      side: spec.side === Side.Buy ? ProtocolSide.BUY : ProtocolSide.SELL,
      baseAmount: BigInt(spec.size) * MARKET.lotSize,
      quoteAmount: BigInt(spec.size) * BigInt(spec.price) * MARKET.tickSize,
      triggerQuoteAmount: 0n,
      nonce: BigInt(salt + 1),
      expiry: 0n,
      maxFeeBps: 20,
      timeInForce: 0,
      flags: 0,
      selfTradePrevention: 0,
    };
    signed.push({ order, signature: await accounts[i].signTypedData(orderTypedData(m.domain, order)) });
    slots.push({ ...spec, owner: i, orderHash: orderHashToField(hashOrder(m.domain, order)) });
  }
  return { signed, batch: { batchId, slots, reference: 0 } satisfies AuctionBatch };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

async function gasOf(hash: Hex): Promise<bigint> {
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error("transaction reverted");
  return receipt.gasUsed;
}

const runs = [];
for (const n of SIZES) {
  if (!existsSync(circuitArtifacts(n).zkey)) {
    log(`N = ${n}: no artifacts (npm run circuits:build -- ${n}); skipped`);
    continue;
  }
  const { constraints } = JSON.parse(readFileSync(circuitArtifacts(n).info, "utf8")) as { constraints: number };
  const m = await deploy(n);
  const proveMs: number[] = [];
  let last: { proof: AuctionProof; batch: AuctionBatch; signed: SignedOrder[] } | undefined;
  for (let run = 0; run < RUNS; run++) {
    const { batch, signed } = await signedBatch(m, n, BigInt(run + 1), run);
    const start = performance.now();
    const proof = await proveAuction(batch, { n });
    proveMs.push(performance.now() - start);
    log(`N = ${n}: proof ${run + 1}/${RUNS} in ${Math.round(proveMs[run])} ms`);
    last = { proof, batch, signed };
  }
  const { proof, batch, signed } = last!;
  const verifyGas =
    Number(
      await publicClient.estimateGas({
        to: m.verifier.address,
        data: (await import("viem")).encodeFunctionData({
          abi: m.verifier.abi,
          functionName: "verifyProof",
          args: [proof.proof.a, proof.proof.b, proof.proof.c, proof.publicSignals],
        }),
      }),
    ) - 21_000;
  const call = auctionSettleArgs(batch, signed, MARKET, proof);
  const fills = call.batch.fills.length;
  const snapshot = await networkHelpers.takeSnapshot();
  // With the proof: posting the commitment when the batch closes, then the proof-checked settlement.
  const close = await gasOf(
    await m.asOperator.write.closeBatch([
      batch.batchId,
      m.weth.address,
      m.usdc.address,
      n,
      await batchCommitment(batch.batchId, batch.slots, n),
    ]),
  );
  const withProof =
    close +
    (await gasOf(await m.asOperator.write.settle([call.batch, call.slotOf, call.selfTrades, call.price, call.proof])));
  await snapshot.restore();
  const without = await gasOf(await m.exchangeAsOperator.write.settle([call.batch]));
  const row = {
    n,
    constraints,
    proveMs: Math.round(median(proveMs)),
    verifyGas,
    gasPerFillWithProof: Math.round(Number(withProof) / fills),
    gasPerFillWithout: Math.round(Number(without) / fills),
  };
  log(`N = ${n}: ${fills} fills at ${call.price} ticks; settle ${withProof} gas with the proof, ${without} without`);
  runs.push(row);
}

if (json) console.log(JSON.stringify({ runs }));
else {
  console.log("   N  constraints  prove p50 (ms)  verify gas  gas/fill with proof  gas/fill without");
  for (const r of runs)
    console.log(
      `${String(r.n).padStart(4)}  ${String(r.constraints).padStart(11)}  ${String(r.proveMs).padStart(14)}  ${String(r.verifyGas).padStart(10)}  ${String(r.gasPerFillWithProof).padStart(19)}  ${String(r.gasPerFillWithout).padStart(16)}`,
    );
  console.log("targets: proof for N = 32 <= 5000 ms on 2 cores; verification <= 300,000 gas per batch");
}
process.exit(0); // snarkjs keeps its curve worker threads alive
