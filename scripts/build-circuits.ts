// npm run circuits:build [-- --force] [-- 32 64]
// Compiles the batch auction circuits with circom2, runs a DEVELOPMENT (insecure, single-contributor) Groth16 setup
// with snarkjs, and exports the verification key and the Solidity verifier. A circuit is rebuilt only when its
// sources changed: the hash of its sources is recorded beside its artifacts (circuits/build/<name>/source.sha256).
// The powers of tau are a development one written from a discarded random secret (scripts/dev-ptau.ts; public
// ones cannot be downloaded here), cached in circuits/build/ptau/ and not committed: only the per-circuit artifacts
// are. See docs/fairness.md for the production ceremony.
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { CIRCUIT_SIZES, packedFillInputs } from "../protocol/auction/circuit-sizes.js";
import { writeDevelopmentPtau } from "./dev-ptau.js";

const require = createRequire(import.meta.url);
const root = resolve(dirname(new URL(import.meta.url).pathname), "..");
const circuits = join(root, "circuits");
const build = join(circuits, "build");
const snarkjsCli = join(dirname(require.resolve("snarkjs")), "cli.cjs"); // snarkjs exports only its library
const circomCli = require.resolve("circom2/cli.js");
const circomlib = dirname(require.resolve("circomlib/package.json"));

const args = process.argv.slice(2);
const force = args.includes("--force");
const sizes = args.filter((a) => /^\d+$/.test(a)).map(Number);
const selected = sizes.length > 0 ? sizes : [...CIRCUIT_SIZES];

function run(cli: string, argv: string[], cwd = root): string {
  return execFileSync(process.execPath, [cli, ...argv], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
}

function snarkjs(...argv: string[]): string {
  return run(snarkjsCli, argv);
}

/** The hash of everything a circuit's artifacts depend on. */
function sourceHash(n: number): string {
  const hash = createHash("sha256");
  for (const file of ["batch-auction.circom", `batch-auction-${n}.circom`])
    hash.update(readFileSync(join(circuits, file)));
  hash.update(readFileSync(join(circomlib, "package.json")));
  hash.update(
    `development ptau; circom2 ${require("circom2/package.json").version}; snarkjs ${readFileSync(join(dirname(snarkjsCli), "..", "package.json"), "utf8")}`,
  );
  return hash.digest("hex");
}

/** The development ptau for a circuit of `constraints` (+ public inputs): snarkjs's domain is the next power of
 *  two, and its setup reads the Lagrange points at twice that (so the ptau power is one more). */
async function ensurePtau(constraints: number): Promise<{ file: string; power: number }> {
  const power = Math.ceil(Math.log2(constraints)) + 1;
  const file = join(build, "ptau", `development-${power}.ptau`);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    console.log(`development powers of tau 2^${power}: writing (insecure; a few minutes)`);
    await writeDevelopmentPtau(`${file}.tmp`, power);
    renameSync(`${file}.tmp`, file);
  }
  return { file, power };
}

/** circom2 (WASI) only reaches files below its working directory: compile in a scratch copy. */
function compile(n: number, out: string): { constraints: number } {
  const scratch = mkdtempSync(join(tmpdir(), "circuits-"));
  try {
    cpSync(join(realpathSync(circomlib), "circuits"), join(scratch, "circomlib", "circuits"), { recursive: true });
    for (const file of ["batch-auction.circom", `batch-auction-${n}.circom`])
      copyFileSync(join(circuits, file), join(scratch, file));
    mkdirSync(join(scratch, "out"));
    const log = run(
      circomCli,
      [`batch-auction-${n}.circom`, "--r1cs", "--wasm", "--O2", "-l", ".", "-o", "out"],
      scratch,
    );
    const nonLinear = Number(/non-linear constraints: (\d+)/.exec(log)?.[1]);
    const linear = Number(/(?<!non-)linear constraints: (\d+)/.exec(log)?.[1] ?? 0);
    copyFileSync(join(scratch, "out", `batch-auction-${n}.r1cs`), join(out, "circuit.r1cs.tmp"));
    copyFileSync(
      join(scratch, "out", `batch-auction-${n}_js`, `batch-auction-${n}.wasm`),
      join(out, `batch-auction-${n}.wasm`),
    );
    return { constraints: nonLinear + linear };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function buildCircuit(n: number, publicInputs: number): Promise<void> {
  const name = `batch-auction-${n}`;
  const out = join(build, name);
  const hash = sourceHash(n);
  const recorded = join(out, "source.sha256");
  const complete = [recorded, join(out, `${name}.zkey`), join(out, `${name}.wasm`)].every((file) => existsSync(file));
  if (!force && complete && readFileSync(recorded, "utf8").trim() === hash) {
    console.log(`${name}: up to date (${hash.slice(0, 12)})`);
    return;
  }
  mkdirSync(out, { recursive: true });
  console.log(`${name}: compiling`);
  const { constraints } = compile(n, out);
  console.log(`${name}: ${constraints} constraints; development setup`);
  const { file: ptau, power } = await ensurePtau(constraints + publicInputs + 1);
  const r1cs = join(out, "circuit.r1cs.tmp");
  const initial = join(out, "circuit_0.zkey.tmp");
  const zkey = join(out, `${name}.zkey`);
  snarkjs("groth16", "setup", r1cs, ptau, initial);
  snarkjs("zkey", "contribute", initial, zkey, "--name=development", `-e=${randomBytes(32).toString("hex")}`);
  snarkjs("zkey", "export", "verificationkey", zkey, join(out, "verification_key.json"));
  const verifier = join(root, "contracts", "auction", "verifiers", `BatchAuctionVerifier${n}.sol`);
  mkdirSync(dirname(verifier), { recursive: true });
  snarkjs("zkey", "export", "solidityverifier", zkey, verifier);
  const source = readFileSync(verifier, "utf8").replace(
    "contract Groth16Verifier",
    `/// @notice Generated by scripts/build-circuits.ts from circuits/${name}.circom (development setup: insecure, see docs/fairness.md).\ncontract BatchAuctionVerifier${n}`,
  );
  writeFileSync(verifier, source);
  rmSync(r1cs);
  rmSync(initial);
  writeFileSync(
    join(out, "circuit.json"),
    JSON.stringify({ n, constraints, ptauPower: power, setup: "development (insecure)" }, null, 2) + "\n",
  );
  writeFileSync(recorded, hash + "\n");
  console.log(`${name}: built`);
}

for (const n of selected) await buildCircuit(n, packedFillInputs(n) + 2);
