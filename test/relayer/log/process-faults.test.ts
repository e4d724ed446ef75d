/** A fault nothing caught, in a real child process: one redacted log line instead of node's raw error and stack. */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "mocha";

const LOG = join(import.meta.dirname, "../../../relayer/log/index.ts");

/** Runs `body` as an ES module after installing logProcessFaults on a stdout logger; answers the exit code and output. */
function run(body: string): Promise<{ code: number | null; out: string }> {
  const source = `import { createLogger, logProcessFaults } from ${JSON.stringify(LOG)};\nlogProcessFaults(createLogger());\n${body}`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", source], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, out }));
  });
}

describe("relayer/log: process faults", function () {
  this.timeout(60_000);
  const URL_WITH_KEY = "https://rpc.example.com/v3/key-c0ffee12?apikey=query-beef34";

  it("logs an uncaught exception as one fatal line without the URL's secrets, and exits 1", async () => {
    const { code, out } = await run(`setTimeout(() => { throw new Error("request to ${URL_WITH_KEY} failed"); }, 10);`);
    assert.equal(code, 1, out);
    assert.ok(!out.includes("key-c0ffee12") && !out.includes("query-beef34"), out);
    const lines = out.trim().split("\n");
    assert.equal(lines.length, 1, out);
    const line = JSON.parse(lines[0]!);
    assert.equal(line.level, "fatal");
    assert.equal(line.err.message, "request to https://rpc.example.com/… failed");
  });

  it("logs an unhandled rejection as one fatal line without the URL's secrets, and exits 1 as node would", async () => {
    const { code, out } = await run(
      `Promise.reject(new Error("ws ${URL_WITH_KEY} closed")); setTimeout(() => console.log("still running"), 1_000);`,
    );
    assert.equal(code, 1, out);
    assert.ok(!out.includes("key-c0ffee12") && !out.includes("query-beef34"), out);
    const lines = out.trim().split("\n");
    assert.equal(lines.length, 1, out);
    assert.equal(JSON.parse(lines[0]!).level, "fatal");
    assert.equal(JSON.parse(lines[0]!).err.message, "ws https://rpc.example.com/… closed");
  });
});
