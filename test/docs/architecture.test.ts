// docs/architecture.md against the tree: the folders it names are the folders there are, and the import rules it
// states hold in the sources. The rules are about values (what loads what at run time); type-only imports are free.
import assert from "node:assert/strict";
import { cycles, valueImports } from "./import-graph.js";

const SOURCES = ["engine", "protocol", "relayer"];

describe("docs/architecture.md: the tree shows the flow", () => {
  const graph = valueImports(SOURCES);

  it("keeps engine/, protocol/ and the relayer's ledger/, machine/ and sequencer/ out of every value-import cycle", () => {
    const guarded = ["engine", "protocol", "relayer/ledger", "relayer/machine", "relayer/sequencer"];
    const offending = cycles(graph).filter((group) => group.some((folder) => guarded.includes(folder)));
    const explain = offending.map((group) =>
      group.map((from) => group.filter((to) => graph.get(from)?.has(to)).map((to) => `${from} → ${to} (${graph.get(from)!.get(to)![0]})`).join("; ")).join("; "),
    );
    assert.deepEqual(explain, []);
  });

  it("lets neither the engine nor the signed-message protocol import anything from the relayer", () => {
    for (const pure of ["engine", "protocol"]) {
      const intoRelayer = [...(graph.get(pure)?.keys() ?? [])].filter((to) => to.startsWith("relayer"));
      assert.deepEqual(intoRelayer, [], `${pure}/ imports ${intoRelayer.join(", ")}`);
    }
  });
});
