// Deploys the exchange and, on a development chain, two demo tokens with the decimals of the real ones.
// Used by `npm start`; takes viem clients so it works against any chain.
import type { Abi, Address, Hex, PublicClient, WalletClient } from "viem";

export interface ContractArtifact {
  abi: Abi;
  bytecode: string;
}

export interface ExchangeParameters {
  admin: Address;
  operator: Address;
  feeRecipient: Address;
  /** Seconds before an on-chain cancel binds settlement. */
  cancelDelay: bigint;
  /** Seconds between an exit request and the exit withdrawal. */
  exitDelay: bigint;
}

export async function deployContract(
  wallet: WalletClient,
  client: PublicClient,
  artifact: ContractArtifact,
  args: unknown[],
): Promise<Address> {
  const hash = await wallet.deployContract({
    abi: artifact.abi,
    bytecode: artifact.bytecode as Hex,
    args,
    account: wallet.account!,
    chain: wallet.chain,
  });
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (!receipt.contractAddress) throw new Error(`deployment ${hash} created no contract`);
  return receipt.contractAddress;
}

export async function deployExchange(
  wallet: WalletClient,
  client: PublicClient,
  artifact: ContractArtifact,
  p: ExchangeParameters,
): Promise<Address> {
  return deployContract(wallet, client, artifact, [p.admin, p.operator, p.feeRecipient, p.cancelDelay, p.exitDelay]);
}
