// What `npm install` / `npm ci` leaves behind (package.json): npm 11 runs a dependency's install scripts only when
// package.json's "allowScripts" lists it, and warns about every unlisted one. The three native packages' scripts only
// run node-gyp-build, which finds the N-API binary the package ships (prebuilds/) and compiles nothing; these tests
// keep the list complete and check that the shipped binaries are the ones that load.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const INSTALL_SCRIPTS = ["preinstall", "install", "postinstall"];

/** Every installed package (nested ones too) with an install script, or a binding.gyp (npm's implicit `node-gyp rebuild`). */
function packagesWithInstallScripts(dir = "node_modules", found = new Set<string>()): Set<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.name.startsWith("@")) {
      packagesWithInstallScripts(path, found);
      continue;
    }
    const manifest = join(path, "package.json");
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, "utf8")) as { name: string; scripts?: Record<string, string> };
      if (INSTALL_SCRIPTS.some((s) => pkg.scripts?.[s] !== undefined) || existsSync(join(path, "binding.gyp")))
        found.add(pkg.name);
    }
    if (existsSync(join(path, "node_modules"))) packagesWithInstallScripts(join(path, "node_modules"), found);
  }
  return found;
}

describe("npm install", () => {
  it("lists in package.json's allowScripts every installed package with an install script, so npm warns about none", () => {
    const allowed = Object.keys(
      (JSON.parse(readFileSync("package.json", "utf8")) as { allowScripts: Record<string, boolean> }).allowScripts,
    );
    assert.deepEqual([...packagesWithInstallScripts()].filter((name) => !allowed.includes(name)).sort(), []);
  });

  it("loads the native bindings classic-level, secp256k1 and blake-hash ship, with nothing compiled at install", () => {
    for (const name of ["classic-level", "secp256k1", "blake-hash"]) {
      const root = join("node_modules", name);
      assert.ok(!existsSync(join(root, "build")), `${name} has a build/ directory: something compiled it`);
      const binding = (require("node-gyp-build") as { path(dir: string): string }).path(root);
      assert.ok(binding.startsWith(join(process.cwd(), root, "prebuilds")), `${name} loads ${binding}`);
    }
    // secp256k1 and blake-hash fall back to JavaScript when their binding fails to load: require the bindings themselves.
    assert.equal(typeof (require("secp256k1/bindings") as { ecdsaVerify: unknown }).ecdsaVerify, "function");
    assert.equal(typeof require("blake-hash/bindings"), "function");
    assert.equal(typeof (require("classic-level") as { ClassicLevel: unknown }).ClassicLevel, "function");
  });
});
