// The file-length gate: a source file over 400 lines is usually two concepts in one file, so past that length a
// file must say why in its opening comment (a line with "Longer than 400 lines because …"), or be split.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const MAX_LINES = 400;
const SOURCE_FOLDERS = ["relayer", "engine", "protocol", "scripts", "contracts"];
const SOURCE_EXTENSIONS = [".ts", ".cjs", ".sol"];
const REASON = /Longer than 400 lines because \S/;
/** snarkjs writes the verifier contracts (`snarkjs zkey export solidityverifier`); nobody edits them by hand. */
const GENERATED = /This file is generated with \[snarkJS\]/;

/**
 * The comment a file opens with: its comment lines before the first line of code. A Solidity file's SPDX line and
 * pragma, and a script's shebang, may come first.
 */
function openingComment(text: string): string {
  const lines = text.split("\n").map((line) => line.trim());
  let at = 0;
  while (at < lines.length && (lines[at] === "" || /^(#!|\/\/ SPDX-License-Identifier:|pragma )/.test(lines[at]!)))
    at++;
  const comment: string[] = [];
  for (; at < lines.length && /^(\/\/|\/\*|\*)/.test(lines[at]!); at++) comment.push(lines[at]!);
  return comment.join("\n");
}

/** The files over MAX_LINES that do not say why, as `path (lines)`. */
function overlongFiles(files: readonly { path: string; text: string }[]): string[] {
  return files
    .map(({ path, text }) => ({ path, text, lines: text.split("\n").length - (text.endsWith("\n") ? 1 : 0) }))
    .filter(({ text, lines }) => lines > MAX_LINES && !GENERATED.test(text) && !REASON.test(openingComment(text)))
    .map(({ path, lines }) => `${path} (${lines})`);
}

function trackedSources(): { path: string; text: string }[] {
  return execFileSync("git", ["ls-files", "--", ...SOURCE_FOLDERS], { encoding: "utf8" })
    .split("\n")
    .filter((path) => SOURCE_EXTENSIONS.some((extension) => path.endsWith(extension)))
    .map((path) => ({ path, text: readFileSync(path, "utf8") }));
}

describe("the file-length gate", () => {
  const long = (head: string) => `${head}\n${"x;\n".repeat(MAX_LINES)}`;

  it("keeps every source file at 400 lines or fewer unless its opening comment says why it is longer", () => {
    assert.deepEqual(overlongFiles(trackedSources()), [], "split these files, or say in their opening comment why not");
  });

  it("accepts a long file whose opening comment gives the reason, after a Solidity file's SPDX line and pragma", () => {
    const head =
      "// SPDX-License-Identifier: MIT\npragma solidity 0.8.30;\n\n/// @notice A table.\n/// Longer than 400 lines because it is one table.";
    assert.deepEqual(overlongFiles([{ path: "T.sol", text: long(head) }]), []);
  });

  it("refuses a long file whose reason comes after its first line of code", () => {
    const head = '// A table.\nimport { x } from "./x.js";\n// Longer than 400 lines because it is one table.';
    assert.deepEqual(overlongFiles([{ path: "t.ts", text: long(head) }]), [`t.ts (${MAX_LINES + 3})`]);
  });

  it("does not count a verifier that snarkjs generated", () => {
    const head =
      "// SPDX-License-Identifier: GPL-3.0\n/*\n    This file is generated with [snarkJS](https://github.com/iden3/snarkjs).\n*/";
    assert.deepEqual(overlongFiles([{ path: "Verifier.sol", text: long(head) }]), []);
  });
});
