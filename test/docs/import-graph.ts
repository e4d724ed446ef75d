// The folders of the TypeScript tree and the value imports between them, read from the sources as they are (no
// build): what docs/architecture.md claims about who may import whom is checked against this. An import that names
// only types (`import type`, or every name marked `type`) is erased by the compiler and creates no dependency at
// run time, so it is left out; a folder may name another's types in the direction opposite to its value imports.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative, sep } from "node:path";

/** `relayer/ledger` for anything under relayer/ledger/, `engine` for anything under engine/, and so on. */
export function folderOf(file: string): string {
  const parts = normalize(file).split(sep);
  return parts[0] === "relayer" && parts.length > 2 ? `relayer/${parts[1]}` : parts[0]!;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

/** One import or re-export statement: its `type` keyword, its names, where from. Names never hold `;` or quotes. */
const IMPORT = /^(?:import|export)\s+(type\s+)?([^;"]*?)\s*from\s+"([^"]+)"/gm;

function isTypeOnly(typeKeyword: string | undefined, clause: string): boolean {
  if (typeKeyword) return true;
  const names = /^\{([\s\S]*)\}$/.exec(clause.trim());
  if (!names) return false; // a default or namespace import, or `export *`: a value
  const list = names[1]!
    .split(",")
    .map((n) => n.trim())
    .filter((n) => n !== "");
  return list.length > 0 && list.every((n) => n.startsWith("type "));
}

/** A module as a node of the file-level graph: its path, `.ts` whether written as the import names it or as it is. */
export const fileOf = (file: string): string => normalize(file).replace(/\.js$/, ".ts");

/**
 * folder → folders it imports values from (and types too with `withTypes`), each with the files that do (for the
 * failure message). With `nodeOf = fileOf`, the same between files.
 */
export function valueImports(
  roots: readonly string[],
  withTypes = false,
  nodeOf: (file: string) => string = folderOf,
): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>();
  for (const file of roots.flatMap((root) => tsFiles(root))) {
    for (const [, typeKeyword, clause, target] of readFileSync(file, "utf8").matchAll(IMPORT)) {
      if (!target!.startsWith(".") || (!withTypes && isTypeOnly(typeKeyword, clause!))) continue;
      const from = nodeOf(file);
      const to = nodeOf(relative(".", join(dirname(file), target!)));
      if (from === to) continue;
      const edges = graph.get(from) ?? new Map<string, string[]>();
      edges.set(to, [...(edges.get(to) ?? []), `${file} → ${target}`]);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** The groups of folders (or files) that import from each other in a cycle (strongly connected, more than one). */
export function cycles(graph: Map<string, Map<string, string[]>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        group.push(w);
      } while (w !== v);
      if (group.length > 1) found.push(group.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}
