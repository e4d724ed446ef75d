/**
 * The runtime log: JSON lines at a level, and one redaction every line goes through, whatever a caller logs: a
 * secret in an RPC URL (path, query, user-info) never reaches a line, not even through a library's error.
 */
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, it } from "mocha";
import { createPublicClient, http } from "viem";
import { ConfigError } from "../../../relayer/config/index.js";
import {
  createLogger,
  logLevelOf,
  redactUrls,
  secretPartsOf,
  shownUrl,
  type LoggerOptions,
} from "../../../relayer/log/index.js";

/** A logger writing into an array of parsed lines. */
function capture(options: LoggerOptions = {}): { logger: ReturnType<typeof createLogger>; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger({ ...options, destination: { write: (s: string) => void lines.push(s) } }), lines };
}

const SECRETS = ["key-6f01aa7c3d", "query-0b9e77", "pw-55d1c3e8a2"];
const RPC_URL = "https://user:pw-55d1c3e8a2@rpc.example.com/v3/key-6f01aa7c3d?apikey=query-0b9e77";

function assertHides(text: string): void {
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `"${secret}" reached the log:\n${text}`);
}

describe("relayer/log", () => {
  it("writes one JSON object per line with level, time and message, and drops lines below its level", () => {
    const { logger, lines } = capture({ level: "warn" });
    logger.info("not shown");
    logger.warn({ reqId: "r1" }, "shown");
    assert.equal(lines.length, 1);
    assert.ok(lines[0]!.endsWith("\n") && !lines[0]!.slice(0, -1).includes("\n"));
    const line = JSON.parse(lines[0]!);
    assert.equal(line.level, "warn");
    assert.equal(line.msg, "shown");
    assert.equal(line.reqId, "r1");
    assert.match(line.time, /^\d{4}-\d\d-\d\dT/);
  });

  it("cuts every URL to its origin in messages, fields and nested objects", () => {
    const { logger, lines } = capture();
    logger.error(
      { endpoint: RPC_URL, nested: { deeper: [`see ${RPC_URL}.`] }, ws: "wss://eth.example.org/ws/key-6f01aa7c3d" },
      `calling ${RPC_URL} failed`,
    );
    assertHides(lines.join(""));
    const line = JSON.parse(lines[0]!);
    assert.equal(line.endpoint, "https://rpc.example.com/…");
    assert.equal(line.msg, "calling https://rpc.example.com/… failed");
    assert.equal(line.ws, "wss://eth.example.org/…");
  });

  it("keeps no secret of the URL in viem's HttpRequestError: message, details, meta messages, stack and causes", async () => {
    const server = createServer((_req, res) => res.writeHead(503).end("upstream down"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v3/key-6f01aa7c3d?apikey=query-0b9e77`;
    try {
      const client = createPublicClient({ transport: http(url, { retryCount: 0 }) });
      const error = await client.getBlockNumber().then(
        () => assert.fail("the node answered"),
        (e: unknown) => e,
      );
      assert.ok(
        String((error as Error).message).includes("key-6f01aa7c3d"),
        "viem's message holds the URL (the case this guards)",
      );
      const { logger, lines } = capture();
      logger.error({ err: error }, "step failed");
      logger.error({ err: new Error("wrapped", { cause: error }) }, "step failed");
      logger.error(error as Error);
      assertHides(lines.join(""));
      for (const line of lines) {
        const { err } = JSON.parse(line);
        assert.match((err.cause ?? err).message, /URL: http:\/\/127\.0\.0\.1:\d+\/…/);
      }
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("replaces listed secrets wherever they occur and censors secret-named fields", () => {
    const { logger, lines } = capture({ secrets: secretPartsOf(RPC_URL) });
    logger.warn(
      { privateKey: "0xabc", config: { password: "hunter2", rpcUrl: RPC_URL } },
      "the key is key-6f01aa7c3d, the query apikey=query-0b9e77",
    );
    const text = lines.join("");
    assertHides(text);
    assert.ok(!text.includes("hunter2") && !text.includes("0xabc"));
    const line = JSON.parse(lines[0]!);
    assert.equal(line.privateKey, "[redacted]");
    assert.equal(line.config.password, "[redacted]");
  });

  it("logs bigints (alerts carry block numbers) and errors that are not Error objects", () => {
    const { logger, lines } = capture();
    logger.warn({ alert: { kind: "batch-reorged", blockNumber: 12n } }, "settlement alert");
    logger.error({ err: `refused at ${RPC_URL}` }, "odd error");
    assertHides(lines.join(""));
    assert.equal(lines.length, 2);
    for (const line of lines) JSON.parse(line);
  });

  it("reads LOG_LEVEL, info by default, and refuses an unknown level with CONFIG_INVALID", () => {
    assert.equal(logLevelOf({}), "info");
    assert.equal(logLevelOf({ LOG_LEVEL: " DEBUG " }), "debug");
    assert.throws(
      () => logLevelOf({ LOG_LEVEL: "verbose" }),
      (e: unknown) => e instanceof ConfigError && e.code === "CONFIG_INVALID" && e.setting === "LOG_LEVEL",
    );
  });

  it("is the relayer's only way to log: no relayer/ source writes to the console", async () => {
    const root = join(import.meta.dirname, "../../../relayer");
    const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith(".ts"));
    assert.ok(files.length > 50);
    const offenders = [];
    for (const file of files)
      if (/\bconsole\.(log|info|warn|error|debug|trace)\b/.test(await readFile(join(root, file), "utf8")))
        offenders.push(file);
    assert.deepEqual(offenders, []);
  });

  it("shows a URL as its origin, with /… when something was cut", () => {
    assert.equal(shownUrl("http://127.0.0.1:8545"), "http://127.0.0.1:8545");
    assert.equal(shownUrl("http://127.0.0.1:8545/"), "http://127.0.0.1:8545");
    assert.equal(shownUrl(RPC_URL), "https://rpc.example.com/…");
    assert.equal(shownUrl("wss://node.example:8546?token=abcd"), "wss://node.example:8546/…");
    assert.equal(redactUrls("a http://x.io/k b https://y.io?q=1 c"), "a http://x.io/… b https://y.io/… c");
  });
});
