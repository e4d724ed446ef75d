// Branded units (engine/types.ts: Ticks, Lots, OrderId, OwnerId, MarketId, Seconds) are made through their
// constructors, never by an `as never` cast, which would silence the compiler for any value whatever its type.
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { describe, it } from "mocha";
import { lots, marketId, orderId, ownerId, seconds, ticks } from "../../engine/index.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const SOURCES = ["engine", "protocol", "relayer", "scripts"];
/** Casts left where another change is under way, each with its reason. */
async function tsFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await tsFiles(path)));
    else if (entry.name.endsWith(".ts")) out.push(path);
  }
  return out;
}

describe("engine/types: branded units", () => {
  it("keeps the number a constructor is given", () => {
    assert.deepEqual(
      [ticks(5), lots(2), orderId(7), ownerId(3), marketId(1), seconds(1_700_000_000)],
      [5, 2, 7, 3, 1, 1_700_000_000],
    );
  });

  it("are built through their constructors: no `as never` cast in the sources", async () => {
    const found: string[] = [];
    for (const dir of SOURCES) {
      for (const file of await tsFiles(join(ROOT, dir))) {
        const name = relative(ROOT, file);
        (await readFile(file, "utf8")).split("\n").forEach((line, i) => {
          const code = line.trimStart();
          if (code.startsWith("//") || code.startsWith("*") || code.startsWith("/*")) return;
          if (/\bas never\b/.test(line)) found.push(`${name}:${i + 1}: ${code}`);
        });
      }
    }
    assert.deepEqual(found, []);
  });
});
