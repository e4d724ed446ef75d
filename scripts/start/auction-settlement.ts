// The proved settlement of `npm start`'s auction market (docs/fairness.md): deploys the generated Groth16 verifier
// and AuctionSettlement in front of the exchange, gives AuctionSettlement the exchange's AUCTION_SETTLER_ROLE (the
// only role that settles auction-only orders), registers each proofs market's lot and tick, and registers the
// verifier for its number of order slots. The auction operator is an account of its own (its own nonces, apart from
// the continuous settler's) and holds AuctionSettlement's OPERATOR_ROLE; the admin keeps DEFAULT_ADMIN_ROLE.
import { existsSync } from "node:fs";
import { relative } from "node:path";
import hre from "hardhat";
import type { Address, PublicClient, WalletClient } from "viem";
import { circuitArtifacts } from "../../relayer/auction/artifacts.js";
import type { MarketRegistry } from "../../relayer/markets/index.js";
import { contractWriter, deployContract, type ContractArtifact } from "../deploy.js";

/**
 * The circuit size the embedded default proves with: the smallest committed one (circuits/build/). Proving a batch of
 * N = 32 slots takes ~3 s on a quiet 2-core machine (~8 s for the prover's first proof, which loads the 15 MB key);
 * a batch of more than 32 orders would need N = 64, which is not committed (docs/fairness.md).
 */
export const EMBEDDED_CIRCUIT_SLOTS = 32;

/** The prover's files for `slots` that are not there (relative paths): without them every batch's proof would fail. */
export function missingCircuitArtifacts(slots: number): string[] {
  const { wasm, zkey } = circuitArtifacts(slots);
  return [wasm, zkey].filter((file) => !existsSync(file)).map((file) => relative(process.cwd(), file));
}

export interface AuctionContracts {
  auctionSettlement: Address;
  verifier: Address;
}

export async function deployAuctionSettlement(options: {
  deployer: WalletClient;
  client: PublicClient;
  exchange: Address;
  admin: Address;
  auctionOperator: Address;
  markets: MarketRegistry;
}): Promise<AuctionContracts> {
  const { deployer, client, exchange, admin } = options;
  const artifact = async (name: string) => (await hre.artifacts.readArtifact(name)) as unknown as ContractArtifact;
  const write = contractWriter(deployer, client, admin);

  const verifier = await deployContract(
    deployer,
    client,
    await artifact(`BatchAuctionVerifier${EMBEDDED_CIRCUIT_SLOTS}`),
    [],
  );
  const settlementArtifact = await artifact("AuctionSettlement");
  const auctionSettlement = await deployContract(deployer, client, settlementArtifact, [
    admin,
    options.auctionOperator,
    exchange,
  ]);
  const exchangeAbi = (await artifact("Exchange")).abi;
  const role = await client.readContract({ address: exchange, abi: exchangeAbi, functionName: "AUCTION_SETTLER_ROLE" });
  await write(exchange, exchangeAbi, "grantRole", [role, auctionSettlement]);
  for (const m of options.markets.list().filter((market) => market.proofs)) {
    await write(auctionSettlement, settlementArtifact.abi, "setMarket", [
      m.base.address,
      m.quote.address,
      m.engine.lotSize,
      m.engine.tickSize,
    ]);
  }
  await write(auctionSettlement, settlementArtifact.abi, "setVerifier", [EMBEDDED_CIRCUIT_SLOTS, verifier]);
  return { auctionSettlement, verifier };
}
