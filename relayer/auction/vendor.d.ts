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
  export function WitnessCalculatorBuilder(
    code: Uint8Array,
    options?: Record<string, unknown>,
  ): Promise<WitnessCalculator>;
}

// snarkjs's field and curve library (a dependency of snarkjs), used by scripts/dev-ptau.ts.
// Only what that script calls is declared: field elements and points are ffjavascript's byte encodings.
declare module "ffjavascript" {
  export interface ScalarField {
    readonly one: Uint8Array;
    /** `w[p]`: a primitive 2^p-th root of unity. */
    readonly w: readonly Uint8Array[];
    e(value: bigint | number): Uint8Array;
    inv(a: Uint8Array): Uint8Array;
    exp(a: Uint8Array, exponent: bigint | number): Uint8Array;
    mul(a: Uint8Array, b: Uint8Array): Uint8Array;
    div(a: Uint8Array, b: Uint8Array): Uint8Array;
    sub(a: Uint8Array, b: Uint8Array): Uint8Array;
  }
  export interface CurveGroup {
    /** The base field; `n8` is its element size in bytes. */
    readonly F: { readonly n8: number };
    /** The generator. */
    readonly g: Uint8Array;
    timesFr(point: Uint8Array, scalar: Uint8Array): Uint8Array;
    /** Writes `point` into `buffer` at `offset` in the Montgomery little-endian form a .ptau file holds. */
    toRprLEM(buffer: Uint8Array, offset: number, point: Uint8Array): void;
  }
  export interface Curve {
    readonly Fr: ScalarField;
    readonly G1: CurveGroup;
    readonly G2: CurveGroup;
    /** The base field's modulus. */
    readonly q: bigint;
    terminate(): Promise<void>;
  }
  export function getCurveFromName(name: string, singleThread?: boolean): Promise<Curve>;
}
