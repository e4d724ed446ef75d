// The examples of docs/api.md and docs/sdk.md, run as printed against `npm start` (a child process on free ports,
// fresh data), so the pages cannot drift from what the product answers. docs/api.md: every command of its sh blocks,
// top to bottom, except those with an elision (…) in the command itself; localhost:8080 and localhost:8545 are
// pointed at the started relayer and chain. Each answer must show every `"key":value` the page prints after the
// command (`# ` lines; `…` values are not compared) and the status in front of it, if any; an answer with an error code
// the page does not show fails. The TypeScript examples run too: docs/sdk.md's block, and the docs/examples/ files
// the pages name.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { startExchange, type StartedExchange } from "../scripts/npm-start.js";

const exec = promisify(execFile);

interface Example {
  command: string;
  /** The `# ` lines after it, joined. */
  expected: string;
}

/** The commands of a markdown page's sh blocks with the answers printed after them. */
function shExamples(markdown: string): Example[] {
  const examples: Example[] = [];
  for (const [, block] of markdown.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const line of block!.split("\n")) {
      if (line.trim() === "") continue;
      if (line.startsWith("#")) {
        const last = examples.at(-1);
        if (last !== undefined) last.expected += line.replace(/^# ?/, "").trim();
      } else if (/^\s/.test(line) && examples.length > 0 && examples.at(-1)!.expected === "") {
        examples.at(-1)!.command += `\n${line}`;
      } else {
        examples.push({ command: line, expected: "" });
      }
    }
  }
  return examples;
}

/** The `"key":value` pairs an expected answer shows with a literal value (strings, numbers, booleans, null). */
function literalPairs(expected: string): string[] {
  return [...expected.matchAll(/"[A-Za-z0-9]+":(?:"[^"…]*"|-?\d+|true|false|null)(?=[,}\]])/g)].map((m) => m[0]);
}

describe("docs examples, run against npm start", function () {
  this.timeout(600_000);
  let exchange: StartedExchange | undefined;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    exchange = await startExchange();
    env = { ...process.env, RELAYER_URL: exchange.relayerUrl, CHAIN_RPC_URL: exchange.rpcUrl };
  });

  after(async () => {
    await exchange?.cleanup();
  });

  const point = (command: string) =>
    command
      .replaceAll("localhost:8080", exchange!.relayerUrl.replace("http://", ""))
      .replaceAll("localhost:8545", exchange!.rpcUrl.replace("http://", ""));

  it("docs/api.md: every curl and sign example answers what the page shows", async () => {
    const examples = shExamples(readFileSync("docs/api.md", "utf8"));
    const run = examples.filter((e) => !e.command.includes("…"));
    assert.ok(run.length >= 25, `only ${run.length} runnable examples found`);
    const problems: string[] = [];
    for (const { command, expected } of run) {
      const status = /^(\d{3}) /.exec(expected)?.[1];
      // The status is curl's to print: ask for it on a last line of its own.
      const shell =
        status === undefined
          ? point(command)
          : `${point(command).replace("curl -s ", "curl -s -w '\\n%{http_code}' ")}`;
      let output: string;
      try {
        output = (await exec("bash", ["-o", "pipefail", "-c", shell], { env, maxBuffer: 1 << 24 })).stdout.trim();
      } catch (error) {
        problems.push(`${command}\n  failed: ${(error as Error).message}`);
        continue;
      }
      let answer = output;
      if (status !== undefined) {
        const lines = output.split("\n");
        const got = lines.pop();
        answer = lines.join("\n");
        if (got !== status) problems.push(`${command}\n  status ${got}, the page shows ${status}: ${answer}`);
      }
      const compact = answer.replace(/":\s+/g, '":');
      const missing = literalPairs(expected).filter((pair) => !compact.includes(pair));
      if (missing.length > 0) problems.push(`${command}\n  answer ${compact}\n  lacks ${missing.join(" ")}`);
      const code = /"code":"([A-Z_]+)"/.exec(compact)?.[1];
      if (code !== undefined && !expected.includes(code)) problems.push(`${command}\n  answered ${code}: ${compact}`);
      if (answer === "" && !command.includes("-o /dev/null")) problems.push(`${command}\n  answered nothing`);
    }
    assert.deepEqual(problems, []);
  });

  it("docs/api.md and docs/sdk.md: the docs/examples files they name run", async () => {
    const named = new Set(
      ["docs/api.md", "docs/sdk.md"].flatMap((page) =>
        [...readFileSync(page, "utf8").matchAll(/npx tsx (docs\/examples\/[a-z-]+\.ts)(?![^\n]*\|)/g)].map(
          (m) => m[1]!,
        ),
      ),
    );
    assert.ok(named.has("docs/examples/socket-login.ts"), [...named].join(", "));
    for (const file of named) {
      if (file === "docs/examples/sign.ts") continue; // run with its arguments by the test above
      const { stdout } = await exec("npx", ["tsx", file], { env, maxBuffer: 1 << 24 });
      assert.ok(stdout.length > 0, file);
    }
  });

  it("docs/sdk.md: the TypeScript example runs as printed", async () => {
    const block = /```ts\n([\s\S]*?)```/.exec(readFileSync("docs/sdk.md", "utf8"))?.[1];
    assert.ok(block !== undefined);
    // At the repository's root, where its imports (./relayer/client/…) point.
    const file = `.sdk-example-${process.pid}.ts`;
    await writeFile(file, block);
    try {
      const { stdout } = await exec("npx", ["tsx", file], { env, maxBuffer: 1 << 24 });
      assert.match(stdout, /^0x[0-9a-f]{64} open$/m);
    } finally {
      await rm(file, { force: true });
    }
  });

  it("prices every order the examples placed near the market, 1,000–10,000 USDC per WETH (not 100× off)", async () => {
    for (const maker of ["0x90f79bf6eb2c4f870365e785982e1f101e93b906", "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65"]) {
      const page = (await (await fetch(`${exchange!.relayerUrl}/v1/orders?maker=${maker}&limit=100`)).json()) as {
        items: { order: { baseAmount: string; quoteAmount: string } }[];
      };
      assert.ok(page.items.length > 0, maker);
      for (const { order } of page.items) {
        // USDC units per whole WETH, over 10^6: whole USDC per WETH, an integer division.
        const usdcPerWeth = (BigInt(order.quoteAmount) * 10n ** 18n) / BigInt(order.baseAmount) / 10n ** 6n;
        assert.ok(
          usdcPerWeth >= 1_000n && usdcPerWeth <= 10_000n,
          `${maker}: ${JSON.stringify(order)} is ${usdcPerWeth} USDC per WETH`,
        );
      }
    }
  });
});
