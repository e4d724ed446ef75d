// Where the committed circuit artifacts live (built by `npm run circuits:build`, see scripts/build-circuits.ts).
import { fileURLToPath } from "node:url";

export interface CircuitArtifacts {
  /** Witness generator (circom's WebAssembly). */
  wasm: string;
  /** Groth16 proving key (development setup: insecure, see docs/fairness.md). */
  zkey: string;
  verificationKey: string;
  /** { n, constraints, ptauPower, setup } */
  info: string;
}

export function circuitArtifacts(n: number): CircuitArtifacts {
  const dir = fileURLToPath(new URL(`../../circuits/build/batch-auction-${n}/`, import.meta.url));
  return {
    wasm: `${dir}batch-auction-${n}.wasm`,
    zkey: `${dir}batch-auction-${n}.zkey`,
    verificationKey: `${dir}verification_key.json`,
    info: `${dir}circuit.json`,
  };
}
