// The auction half of `npm run demo`: a proved batch end to end on the relayer's batch auction with proofs
// (WBTC-USDC under `npm start`; docs/fairness.md). Test accounts #7 (C, seller) and #8 (D, buyer) sign crossing
// auction-only orders; the batch closes on the relayer's clock; the demo shows the published list and its commitment,
// each maker's inclusion receipt checked with the SDK (verifyInclusionReceipt) and against the chain (the receipt's
// signer holds the exchange's OPERATOR_ROLE; the commitment is the one AuctionSettlement posted), then waits for the
// proof to be verified on-chain (AuctionSettled) and the trades final, and prints how a user checks a receipt.
// Accounts other than the continuous demo's (#3, #4) and the market maker's (#5), so their balances stay apart.
import { createPublicClient, formatUnits, http, isAddressEqual, parseEventLogs, type Hex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { OrderFlags } from "../../protocol/index.js";
import { EXCHANGE_ABI } from "../../relayer/abi/exchange.js";
import { AUCTION_SETTLEMENT_ABI } from "../../relayer/auction/auction-settlement-abi.js";
import {
  RelayerClient,
  verifyInclusionReceipt,
  type PublishedBatch,
  type WireInclusionReceipt,
} from "../../relayer/client/index.js";
import type { FillNotice, SettlementNotice } from "../../relayer/wire/private-messages.js";
import { exchangeBalances } from "./balances.js";

const MNEMONIC = "test test test test test test test test test test test junk";
/** One batch interval and the closeBatch transaction fit well inside. */
const BATCH_TIMEOUT_MS = 60_000;
/** Proving takes seconds on a quiet 2-core machine, tens when it is busy (docs/fairness.md). */
const PROOF_TIMEOUT_MS = 180_000;

const step = (message: string) => console.log(`… ${message}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const short = (hash: string) => `${hash.slice(0, 10)}…`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** Polls `check` until it gives a value, or fails with `what` after `ms`. */
async function waitFor<T>(check: () => T | undefined | Promise<T | undefined>, what: string, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) fail(`no ${what} within ${ms / 1000} s (is the relayer's auction settler running?)`);
    await sleep(200);
  }
}

export async function runAuctionDemo(options: { relayerUrl: string; rpcUrl: string }): Promise<void> {
  const { relayerUrl, rpcUrl } = options;
  const seller = mnemonicToAccount(MNEMONIC, { addressIndex: 7 });
  const buyer = mnemonicToAccount(MNEMONIC, { addressIndex: 8 });
  const [c, d] = await Promise.all([
    RelayerClient.connect(relayerUrl, seller),
    RelayerClient.connect(relayerUrl, buyer),
  ]);
  const info = c.info;
  const market = info.markets.find((m) => m.mode === "auction" && m.proofs);
  const auctionSettlement = info.auctionSettlement;
  if (market === undefined || auctionSettlement === null) {
    console.log("\n(no batch auction with proofs on this relayer: the auction part of the demo is skipped)");
    c.close();
    d.close();
    return;
  }
  const { base, quote } = market;
  const chain = createPublicClient({ transport: http(rpcUrl) });
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${relayerUrl}${path}`);
    if (!res.ok) fail(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  console.log(
    `\n… batch auction with proofs on ${market.id}: the relayer closes a batch on its clock, posts a commitment to the`,
  );
  console.log(
    `  batch's ordered list on-chain, proves in a Groth16 proof that the fills are what the clearing rule gives for`,
  );
  console.log(`  that list, and AuctionSettlement ${auctionSettlement} checks the proof before the exchange settles`);
  console.log(`  C (seller) ${seller.address}  test account #7\n  D (buyer)  ${buyer.address}  test account #8`);

  const balances = async (when: string) => {
    step(`balances in the exchange contract ${when} (on-chain)`);
    for (const [name, account] of [
      ["C", seller],
      ["D", buyer],
    ] as const) {
      console.log(`  ${name}: ${await exchangeBalances(chain, info.exchange, account.address, [base, quote])}`);
    }
  };
  await balances("before");

  step("C and D log in on the socket: their receipts, fills and settlements come on their private channel");
  const [cSession, dSession] = await Promise.all([c.login(), d.login()]);
  const fills: FillNotice[] = [];
  const settlements: SettlementNotice[] = [];
  dSession.on("fill", (f) => fills.push(f));
  dSession.on("settlement", (notice) => settlements.push(notice));
  let receiptsPushed = 0;
  for (const session of [cSession, dSession]) session.on("receipt", () => receiptsPushed++);

  // Half a base token; C asks at least 59,900 and D bids at most 60,100 quote per base token: one price clears both.
  const lots = 10n ** BigInt(base.decimals) / 2n / BigInt(market.lotSize);
  const ticksFor = (perBase: bigint) =>
    (perBase * 10n ** BigInt(quote.decimals) * BigInt(market.lotSize)) /
    (BigInt(market.tickSize) * 10n ** BigInt(base.decimals));
  const perBase = (ticks: bigint | number) =>
    formatUnits(
      (BigInt(ticks) * BigInt(market.tickSize) * 10n ** BigInt(base.decimals)) / BigInt(market.lotSize),
      quote.decimals,
    );
  const amount = formatUnits(lots * BigInt(market.lotSize), base.decimals);

  const place = async (client: RelayerClient, name: string, side: "buy" | "sell", limit: bigint) => {
    const order = client.order(market.id, { side, lots, priceTicks: ticksFor(limit) });
    // The guarantee is in what the maker signs: check the flag before signing (docs/fairness.md).
    if ((order.flags & OrderFlags.AUCTION_ONLY) === 0)
      fail(`the SDK built ${name}'s order without the auction-only flag`);
    step(
      `${name} signs and posts: ${side} ${amount} ${base.symbol}, limit ${limit} ${quote.symbol} (${ticksFor(limit)} ticks), flags ${order.flags} (auction-only: only AuctionSettlement, after checking a proof, can settle it)`,
    );
    const placed = await client.rest.placeOrder(await client.signer.signOrder(order));
    console.log(
      `  201 ${placed.status}: order ${short(placed.orderHash)}, seq ${placed.seq} (waits for the batch to close)`,
    );
    return { hash: placed.orderHash.toLowerCase() as Hex, side, lots, limit: ticksFor(limit) };
  };
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s after the orders`;
  const sell = await place(c, "C", "sell", 59_900n);
  const buy = await place(d, "D", "buy", 60_100n);

  step(`waiting for the batch to close (the relayer's clock) and its list to be published`);
  // The batch that filled D's order: its latest receipt names it (an order waits in later batches only while open).
  const batch = await waitFor(
    async () => {
      if (!fills.some((f) => f.orderHash.toLowerCase() === buy.hash)) return undefined;
      const res = await fetch(`${relayerUrl}/v1/orders/${buy.hash}/receipt`);
      if (res.status !== 200) return undefined;
      const { receipts } = (await res.json()) as { receipts: WireInclusionReceipt[] };
      const latest = receipts[receipts.length - 1];
      return get<PublishedBatch>(`/v1/auctions/${market.id}/batches/${latest.batchId}`);
    },
    "closed batch with D's order",
    BATCH_TIMEOUT_MS,
  );
  const closedAt = new Date(batch.closedAt * 1000).toISOString();
  console.log(
    `  BATCH ${batch.batchId} closed: ${batch.orders.length} orders, cleared ${batch.volume} lots at ${batch.price} ticks (${perBase(batch.price)} ${quote.symbol} per ${base.symbol})`,
  );
  console.log(
    `  closed at seq ${batch.seq} (${closedAt}, published ${elapsed()}); reference price ${batch.reference} ticks; the list padded to N = ${batch.slots} slots`,
  );
  for (const o of batch.orders) {
    const hash = o.orderHash.toLowerCase();
    const who = hash === sell.hash ? "C" : hash === buy.hash ? "D" : "another maker";
    console.log(
      `  slot ${o.position}: ${o.side} ${o.size} lots, limit ${o.price} ticks, order ${short(o.orderHash)} (${who})`,
    );
  }
  console.log(
    `  commitment ${batch.commitment} (Poseidon over the batch id and the slots: anyone recomputes it from this list)`,
  );
  console.log(`  curl -s ${relayerUrl}/v1/auctions/${market.id}/batches/${batch.batchId}`);

  step(
    "each maker's inclusion receipt (signed by the operator; also pushed on the private channel), checked with the SDK",
  );
  const exchangeOperatorRole = await chain.readContract({
    address: info.exchange,
    abi: EXCHANGE_ABI,
    functionName: "OPERATOR_ROLE",
  });
  const receipts: WireInclusionReceipt[] = [];
  for (const [name, mine] of [
    ["C", sell],
    ["D", buy],
  ] as const) {
    const { receipts: all } = await get<{ receipts: WireInclusionReceipt[] }>(`/v1/orders/${mine.hash}/receipt`);
    const receipt = all.find((r) => r.batchId === batch.batchId);
    if (receipt === undefined) fail(`${name}'s order has no receipt for batch ${batch.batchId}`);
    receipts.push(receipt);
    const check = await verifyInclusionReceipt(receipt, batch, info.eip712.domain);
    // The relayer names the signer; the chain says whether it is the exchange's operator.
    const isOperator = await chain.readContract({
      address: info.exchange,
      abi: EXCHANGE_ABI,
      functionName: "hasRole",
      args: [exchangeOperatorRole, check.signer],
    });
    const slot = batch.orders[receipt.position];
    const termsMatch =
      slot !== undefined &&
      slot.side === mine.side &&
      BigInt(slot.size) === mine.lots &&
      BigInt(slot.price) === mine.limit;
    const valid = check.valid && isOperator && termsMatch;
    const problems = [
      ...check.problems,
      ...(isOperator ? [] : ["signer-not-operator"]),
      ...(termsMatch ? [] : ["slot-terms-differ"]),
    ];
    console.log(
      `  ${name}'s receipt: batch ${receipt.batchId}, position ${receipt.position}, signed by ${check.signer.toLowerCase()} ` +
        `(${isOperator ? "holds" : "does NOT hold"} the exchange's OPERATOR_ROLE): ${valid ? "valid" : `INVALID (${problems.join(", ")})`}`,
    );
    if (!valid) fail(`${name}'s receipt does not check out`);
  }
  console.log(
    `  (the slot at each receipt's position has the maker's side, limit and size; ${receiptsPushed} receipts came on the private channels)`,
  );

  step(
    `the commitment on-chain: AuctionSettlement.batches(${batch.batchId}), posted by the auction settler's closeBatch`,
  );
  const posted = await waitFor(
    async () => {
      const [commitment, , slots] = await chain.readContract({
        address: auctionSettlement,
        abi: AUCTION_SETTLEMENT_ABI,
        functionName: "batches",
        args: [BigInt(batch.batchId)],
      });
      return slots === 0 ? undefined : { commitment, slots };
    },
    `commitment of batch ${batch.batchId} on-chain`,
    BATCH_TIMEOUT_MS,
  );
  if (receipts.some((r) => BigInt(r.commitment) !== posted.commitment))
    fail(`the on-chain commitment ${posted.commitment} differs from the receipts'`);
  // Its BatchClosed event: the block that timestamps the commitment (a local chain runs ahead of the wall clock).
  const [closedEvent] = await chain.getContractEvents({
    address: auctionSettlement,
    abi: AUCTION_SETTLEMENT_ABI,
    eventName: "BatchClosed",
    args: { batchId: BigInt(batch.batchId) },
    fromBlock: 0n,
  });
  console.log(
    `  on-chain commitment of batch ${batch.batchId} (AuctionSettlement.batches): equals the receipts' (${posted.slots} slots)`,
  );
  if (closedEvent !== undefined)
    console.log(
      `  BatchClosed in transaction ${closedEvent.transactionHash}, block ${closedEvent.blockNumber} (${elapsed()})`,
    );

  step(
    "waiting for the prover to prove the batch, AuctionSettlement to verify the proof and settle, and the confirmations",
  );
  const fillIds = fills
    .filter((f) => f.orderHash.toLowerCase() === buy.hash && f.fillId !== null)
    .map((f) => f.fillId!);
  const shown = new Set<SettlementNotice>();
  const final = await waitFor(
    () => {
      for (const notice of settlements.filter((s) => s.fillIds.some((id) => fillIds.includes(id)))) {
        if (!shown.has(notice))
          console.log(
            `  settlement ${notice.state}: fills [${notice.fillIds.join(", ")}], transaction ${notice.txHash}`,
          );
        shown.add(notice);
        if (notice.state === "final") return notice;
      }
      return undefined;
    },
    `final settlement of batch ${batch.batchId}`,
    PROOF_TIMEOUT_MS,
  );
  const receipt = await chain.getTransactionReceipt({ hash: final.txHash });
  const settled = parseEventLogs({ abi: AUCTION_SETTLEMENT_ABI, eventName: "AuctionSettled", logs: receipt.logs }).find(
    (e) => isAddressEqual(e.address, auctionSettlement) && e.args.batchId === BigInt(batch.batchId),
  );
  if (settled === undefined) fail(`transaction ${final.txHash} has no AuctionSettled for batch ${batch.batchId}`);
  console.log(
    `  PROOF VERIFIED ON-CHAIN: AuctionSettled(batch ${settled.args.batchId}, price ${settled.args.price}, reference ${settled.args.referencePrice}) ` +
      `in transaction ${final.txHash}, block ${receipt.blockNumber} (final ${elapsed()}): the contract computed the public inputs from the fills it settled and checked the proof before the exchange moved the funds`,
  );
  await balances("after");

  cSession.close();
  dSession.close();
  c.close();
  d.close();

  console.log(`
How a user checks their receipt (docs/fairness.md, "Checking your order"):
  curl -s ${relayerUrl}/v1/orders/${sell.hash}/receipt
      the operator's signed receipts for the order, one per batch it was in
  curl -s ${relayerUrl}/v1/auctions/${market.id}/batches/${batch.batchId}
      the published list the receipt names
  verifyInclusionReceipt(receipt, batch, info.eip712.domain)   (relayer/client)
      the signature, the order at its position, the commitment recomputed from the list; then check the slot's side,
      limit and size against the signed order, and that the signer holds the exchange's OPERATOR_ROLE
  AuctionSettlement.batches(${batch.batchId}) at ${auctionSettlement} (GET /v1/info: auctionSettlement)
      the commitment posted on-chain, the one the proof was checked against

Done: a batch auction committed on-chain, proved, verified by AuctionSettlement and settled, final after the confirmations.`);
}
