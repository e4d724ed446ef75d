// Minimal typings for the untyped proving packages, covering only what relayer/auction uses.
declare module "circomlibjs" {
  export interface Poseidon {
    (inputs: readonly bigint[]): Uint8Array;
    F: { toObject(element: Uint8Array): bigint };
  }
  export function buildPoseidon(): Promise<Poseidon>;
}

declare module "snarkjs" {
  export interface Groth16Proof {
    pi_a: string[];
    pi_b: string[][];
    pi_c: string[];
    protocol: string;
    curve: string;
  }
  export const groth16: {
    fullProve(
      input: Record<string, unknown>,
      wasmFile: string,
      zkeyFile: string,
    ): Promise<{ proof: Groth16Proof; publicSignals: string[] }>;
    verify(verificationKey: unknown, publicSignals: readonly string[], proof: Groth16Proof): Promise<boolean>;
    exportSolidityCallData(proof: Groth16Proof, publicSignals: readonly string[]): Promise<string>;
  };
  export const wtns: {
    calculate(input: Record<string, unknown>, wasmFile: string, wtnsFile: { type: "mem" }): Promise<void>;
  };
}

// snarkjs's own witness runtime (a dependency of snarkjs), used by the tests to check many witnesses quickly.
declare module "circom_runtime" {
  export interface WitnessCalculator {
    calculateWitness(input: Record<string, unknown>, sanityCheck: boolean): Promise<bigint[]>;
  }
  export function WitnessCalculatorBuilder(code: Uint8Array, options?: Record<string, unknown>): Promise<WitnessCalculator>;
}

// snarkjs's field and curve library (a dependency of snarkjs), used by scripts/dev-ptau.ts.
declare module "ffjavascript" {
  export function getCurveFromName(name: string, singleThread?: boolean): Promise<any>;
}
