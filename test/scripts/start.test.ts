// `npm start` and `npm run demo` end to end: the start script as a child process (Node 22 + tsx) on free ports with
// its data in a temp dir, the demo against it (a continuous trade, then a proved batch auction), then a clean stop on
// SIGTERM.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

function run(script: string, env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ["--import", "tsx", script], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(output: () => string, text: string, exited: Promise<unknown>, ms: number): Promise<void> {
  let done = false;
  void exited.then(() => (done = true));
  const deadline = Date.now() + ms;
  while (!output().includes(text)) {
    if (done) throw new Error(`exited before "${text}":\n${output()}`);
    if (Date.now() > deadline) throw new Error(`no "${text}" after ${ms} ms:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("npm start + npm run demo", function () {
  // A proof takes seconds (tens on a busy 2-core machine): the auction part of the demo is most of this budget.
  this.timeout(240_000);
  let dataDir: string;
  let start: ReturnType<typeof run> | undefined;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "npm-start-"));
  });

  after(async () => {
    if (start !== undefined && start.child.exitCode === null) {
      start.child.kill("SIGKILL");
      await start.exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it("starts chain and relayer, credits the deposits, the demo trades and settles a proved auction batch, Ctrl-C/SIGTERM stops everything", async () => {
    start = run("scripts/start.ts", { RPC_PORT: "0", RELAYER_PORT: "0", DATA_DIR: dataDir });
    await waitFor(start.output, "Ctrl-C stops the relayer, the deposit watcher and the chain.", start.exited, 45_000);
    const banner = start.output();
    const relayerUrl = /Relayer\s+(http:\/\/\S+)/.exec(banner)?.[1];
    const rpcUrl = /RPC URL\s+(http:\/\/\S+)/.exec(banner)?.[1];
    assert.ok(relayerUrl && rpcUrl, banner);
    assert.match(banner, /21 deposits credited/);
    assert.match(banner, new RegExp(`curl -s ${relayerUrl}/v1/info`));
    // The auction market with proofs, its contract and its operator, and how to try it.
    assert.match(banner, /Auction\s+WBTC-USDC: a batch every 3 s, settled only with a proof \(N = 32\)/);
    assert.match(banner, /AuctionSettlement 0x[0-9a-f]{40}, verifier 0x[0-9a-f]{40}\s+auction operator 0x[0-9a-f]{40} \(test account #10\)/);
    assert.match(banner, new RegExp(`curl -s ${relayerUrl}/v1/orders/<order hash>/receipt`));

    const demo = run("scripts/demo.ts", { RELAYER_URL: relayerUrl, RPC_URL: rpcUrl });
    const code = await demo.exited;
    assert.equal(code, 0, demo.output());
    assert.match(demo.output(), /A: 100 WETH, 300000 USDC/);
    assert.match(demo.output(), /FILL 1 WETH for 3000 USDC/);
    assert.match(demo.output(), /settlement final: fills \[\d+\], transaction 0x[0-9a-f]{64}/);
    assert.match(demo.output(), /SETTLED in transaction 0x[0-9a-f]{64}/);
    // After the trade: A sold 1 WETH for 3,000 USDC less the maker fee; B bought it.
    assert.match(demo.output(), /after[\s\S]*A: 99 WETH, 302997 USDC/);

    // The auction part: orders in, batch closed and committed, receipts checked, proof verified on-chain, trades final.
    const auction = demo.output().slice(demo.output().indexOf("batch auction with proofs"));
    assert.ok(auction.length < demo.output().length, demo.output());
    assert.match(auction, /flags 2 \(auction-only: only AuctionSettlement, after checking a proof, can settle it\)/);
    assert.match(auction, /BATCH \d+ closed: 2 orders, cleared 5000 lots at 5990000 ticks \(59900 USDC per WBTC\)/);
    assert.match(auction, /C's receipt: batch \d+, position 0, signed by 0x[0-9a-f]{40} \(holds the exchange's OPERATOR_ROLE\): valid/);
    assert.match(auction, /D's receipt: batch \d+, position 1, signed by 0x[0-9a-f]{40} \(holds the exchange's OPERATOR_ROLE\): valid/);
    assert.match(auction, /on-chain commitment of batch \d+ \(AuctionSettlement\.batches\): equals the receipts'/);
    assert.match(auction, /BatchClosed in transaction 0x[0-9a-f]{64}, block \d+/);
    assert.match(auction, /PROOF VERIFIED ON-CHAIN: AuctionSettled\(batch \d+, price 5990000, reference \d+\) in transaction 0x[0-9a-f]{64}/);
    assert.match(auction, /settlement final: fills \[\d+\], transaction 0x[0-9a-f]{64}/);
    // C sold 0.5 WBTC at the clearing price 59,900 USDC (29,950 USDC less the maker fee of 10 bps); D bought it.
    assert.match(auction, /after[\s\S]*C: 9\.5 WBTC, 329920\.05 USDC/);
    assert.match(auction, /curl -s \S+\/v1\/orders\/0x[0-9a-f]{64}\/receipt/);
    // The product reports its chain and settlement: /health (liveness) and /ready (load balancers).
    const health = (await (await fetch(`${relayerUrl}/health`)).json()) as { status: string; chain: { status: string; head: string }; settlement: { status: string } };
    assert.deepEqual([health.status, health.chain.status, health.settlement.status], ["ok", "ok", "ok"], JSON.stringify(health));
    assert.match(health.chain.head, /^\d+$/);
    assert.equal((await fetch(`${relayerUrl}/ready`)).status, 200);

    start.child.kill("SIGTERM");
    assert.equal(await start.exited, 0, start.output());
    assert.match(start.output(), /stopping the relayer, the deposit watcher and the chain/);
  });
});
