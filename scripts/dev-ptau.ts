// A DEVELOPMENT powers of tau, written directly from a random secret (tau, alpha, beta) that is discarded when the
// process exits: insecure (whoever ran it could have kept the secret), for local builds and tests only; see
// docs/fairness.md for the production ceremony.
//
// Why not `snarkjs powersoftau new/contribute/prepare phase2`: preparing phase 2 runs group FFTs over every power
// up to 2^power and took far too long on the 2-core build machine (2^16 did not finish in 20 minutes). A Groth16
// setup (`snarkjs groth16 setup`) only reads, from a prepared ptau, alpha, beta and the Lagrange-basis sections
// (12-15) at the circuit's domain size 2^(power-1), plus section 12 at 2^power (its odd points, for H). Knowing the
// secret, each Lagrange point is one scalar multiplication: L_i(tau) = (tau^m - 1) / (m (tau w^-i - 1)).
// The file layout is snarkjs's ("ptau" v1); every other region is left zero: never read, or (tauG1, section 2)
// only hashed into the setup's transcript.
import { randomBytes } from "node:crypto";
import { closeSync, openSync, writeSync } from "node:fs";
// ffjavascript is snarkjs's own field and curve library (a dependency of snarkjs).
import { getCurveFromName } from "ffjavascript";

export async function writeDevelopmentPtau(
  file: string,
  power: number,
  log: (line: string) => void = () => {},
): Promise<void> {
  const curve = await getCurveFromName("bn128", true);
  try {
    const { Fr, G1, G2 } = curve;
    const sG1 = G1.F.n8 * 2;
    const sG2 = G2.F.n8 * 2;
    const random = () => Fr.e(BigInt(`0x${randomBytes(48).toString("hex")}`));
    const tau = random();
    const alpha = random();
    const beta = random();

    const points = 2 ** (power + 1) - 1;
    const fd = openSync(file, "w");
    let position = 0;
    const write = (bytes: Uint8Array, at = position) => {
      writeSync(fd, bytes, 0, bytes.length, at);
      if (at === position) position += bytes.length;
    };
    const u32 = (v: number) => {
      const b = Buffer.alloc(4);
      b.writeUInt32LE(v);
      return b;
    };
    const u64 = (v: number) => {
      const b = Buffer.alloc(8);
      b.writeBigUInt64LE(BigInt(v));
      return b;
    };
    const sections: [number, number][] = [
      [1, 4 + 32 + 4 + 4],
      // tauG1: only hashed into the zkey's transcript hash (csHash) by `groth16 setup`, never used in the keys: zero.
      [2, 2 ** power * sG1],
      [4, sG1],
      [5, sG1],
      [6, sG2],
      [12, points * sG1],
      [13, points * sG2],
      [14, points * sG1],
      [15, points * sG1],
    ];
    write(Buffer.from("ptau"));
    write(u32(1));
    write(u32(sections.length));
    const start = new Map<number, number>();
    for (const [type, size] of sections) {
      write(u32(type));
      write(u64(size));
      start.set(type, position);
      position += size;
    }
    // Header: n8, q (little-endian), power, ceremony power.
    const q = Buffer.alloc(32);
    let qv = curve.q;
    for (let i = 0; i < 32; i++, qv >>= 8n) q[i] = Number(qv & 0xffn);
    write(Buffer.concat([u32(32), q, u32(power), u32(power)]), start.get(1));
    const g1 = (s: Uint8Array) => {
      const b = new Uint8Array(sG1);
      G1.toRprLEM(b, 0, G1.timesFr(G1.g, s));
      return b;
    };
    const g2 = (s: Uint8Array) => {
      const b = new Uint8Array(sG2);
      G2.toRprLEM(b, 0, G2.timesFr(G2.g, s));
      return b;
    };
    write(g1(alpha), start.get(4));
    write(g1(beta), start.get(5));
    write(g2(beta), start.get(6));

    /** L_i(tau) over the domain of 2^p points, for the indices `indices`. */
    const lagrange = (p: number, i: number): Uint8Array => {
      const m = 2 ** p;
      const wInv = Fr.inv(Fr.w[p]);
      const tauM = Fr.exp(tau, m);
      const r = Fr.mul(tau, Fr.exp(wInv, i));
      return Fr.div(Fr.sub(tauM, Fr.one), Fr.mul(Fr.e(m), Fr.sub(r, Fr.one)));
    };
    const domain = power - 1;
    const m = 2 ** domain;
    const base = m - 1; // the region of 2^p points starts after 2^0 + ... + 2^(p-1) = 2^p - 1 points
    const chunk = Math.min(1024, m);
    for (let from = 0; from < m; from += chunk) {
      const g1s: Uint8Array[] = [];
      const g2s: Uint8Array[] = [];
      const alphas: Uint8Array[] = [];
      const betas: Uint8Array[] = [];
      const odd: Uint8Array[] = [];
      for (let i = from; i < from + chunk; i++) {
        const l = lagrange(domain, i);
        g1s.push(g1(l));
        g2s.push(g2(l));
        alphas.push(g1(Fr.mul(alpha, l)));
        betas.push(g1(Fr.mul(beta, l)));
        odd.push(g1(lagrange(power, 2 * i + 1)));
      }
      write(Buffer.concat(g1s), start.get(12)! + (base + from) * sG1);
      write(Buffer.concat(g2s), start.get(13)! + (base + from) * sG2);
      write(Buffer.concat(alphas), start.get(14)! + (base + from) * sG1);
      write(Buffer.concat(betas), start.get(15)! + (base + from) * sG1);
      // Section 12 at 2^power: only the odd points are read; each pair (even, odd) is written with a zero even.
      const pairs = Buffer.alloc(chunk * 2 * sG1);
      for (const [j, b] of odd.entries()) pairs.set(b, (2 * j + 1) * sG1);
      write(pairs, start.get(12)! + (2 * m - 1 + 2 * from) * sG1);
      log(`development ptau 2^${power}: ${from + chunk}/${m}`);
    }
    // Extend the file to its full length (the last section's end).
    const [lastType, lastSize] = sections[sections.length - 1];
    write(new Uint8Array(1), start.get(lastType)! + lastSize - 1);
    closeSync(fd);
  } finally {
    await curve.terminate();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, power] = process.argv.slice(2);
  await writeDevelopmentPtau(file, Number(power), console.log);
}
