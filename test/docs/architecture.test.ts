// docs/architecture.md against the tree: the folders it names are the folders there are, and the import rules it
// states hold in the sources. The rules are about values (what loads what at run time); type-only imports are free.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cycles, fileOf, valueImports } from "./import-graph.js";

const SOURCES = ["engine", "protocol", "relayer"];
/** Folders whose subfolders each get their own line (test/ mirrors the code, so it gets one line in all). */
const EXPANDED = ["contracts", "engine", "relayer", "scripts", "circuits", "docs"];

/** The tracked folders: every top-level one, and one level down in EXPANDED (dot folders are tooling, not the product). */
function trackedFolders(): string[] {
  const files = execFileSync("git", ["ls-files"], { encoding: "utf8" })
    .split("\n")
    .filter((f) => f !== "" && !f.startsWith("."));
  const folders = new Set<string>();
  for (const parts of files.map((f) => f.split("/"))) {
    if (parts.length > 1) folders.add(`${parts[0]}/`);
    if (parts.length > 2 && EXPANDED.includes(parts[0]!)) folders.add(`${parts[0]}/${parts[1]}/`);
  }
  return [...folders].sort();
}

describe("docs/architecture.md: the tree shows the flow", () => {
  const graph = valueImports(SOURCES);

  it("gives every folder of the tree a line in docs/architecture.md", () => {
    const page = readFileSync("docs/architecture.md", "utf8");
    const missing = trackedFolders().filter((folder) => !page.includes(`\`${folder}\``));
    assert.deepEqual(missing, [], "folders docs/architecture.md does not name (as `folder/`)");
  });

  it("keeps engine/, protocol/ and the relayer's ledger/, machine/, sequencer/, read-models/ and markets/ out of every value-import cycle", () => {
    const guarded = [
      "engine",
      "protocol",
      "relayer/ledger",
      "relayer/machine",
      "relayer/sequencer",
      "relayer/read-models",
      "relayer/markets",
    ];
    const offending = cycles(graph).filter((group) => group.some((folder) => guarded.includes(folder)));
    const explain = offending.map((group) =>
      group
        .map((from) =>
          group
            .filter((to) => graph.get(from)?.has(to))
            .map((to) => `${from} → ${to} (${graph.get(from)!.get(to)![0]})`)
            .join("; "),
        )
        .join("; "),
    );
    assert.deepEqual(explain, []);
  });

  it("keeps every file of engine/ and protocol/ out of import cycles with other files, types included", () => {
    const files = valueImports(["engine", "protocol"], true, fileOf);
    assert.deepEqual(cycles(files), []);
  });

  it("lets neither the engine nor the signed-message protocol import anything from the relayer", () => {
    for (const pure of ["engine", "protocol"]) {
      const intoRelayer = [...(graph.get(pure)?.keys() ?? [])].filter((to) => to.startsWith("relayer"));
      assert.deepEqual(intoRelayer, [], `${pure}/ imports ${intoRelayer.join(", ")}`);
    }
  });

  it("keeps the SDK (relayer/client/) and the wire it shares with the server off the server's internals, types included", () => {
    const withTypes = valueImports(SOURCES, true);
    const allowed = ["protocol", "engine", "relayer/wire"];
    for (const shared of ["relayer/client", "relayer/wire"]) {
      const internals = [...(withTypes.get(shared)?.entries() ?? [])]
        .filter(([to]) => !allowed.includes(to))
        .flatMap(([, files]) => files);
      assert.deepEqual(internals, [], `${shared}/ imports server internals`);
    }
  });
});
