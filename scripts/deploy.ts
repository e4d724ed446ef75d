// Deploys the exchange and, on a development chain, two demo tokens with the decimals of the real ones.
// Used by `npm start` and `npm run deploy`; takes viem clients so it works against any chain.
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

/** Where a contract was deployed: its address and the block of its deployment (a watcher's first block). */
export interface Deployed {
  address: Address;
  blockNumber: bigint;
}

/** A function that sends one admin transaction and waits for it to succeed (the start scripts' wiring calls). */
export type ContractWrite = (
  address: Address,
  abi: Abi,
  functionName: string,
  args: readonly unknown[],
) => Promise<void>;

export function contractWriter(wallet: WalletClient, client: PublicClient, account: Address): ContractWrite {
  return async (address, abi, functionName, args) => {
    const hash = await wallet.writeContract({ address, abi, functionName, args, account, chain: wallet.chain });
    const receipt = await client.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`${functionName} reverted (${hash})`);
  };
}

export async function deployContract(
  wallet: WalletClient,
  client: PublicClient,
  artifact: ContractArtifact,
  args: unknown[],
): Promise<Address> {
  return (await deployContractReceipt(wallet, client, artifact, args)).address;
}

export async function deployContractReceipt(
  wallet: WalletClient,
  client: PublicClient,
  artifact: ContractArtifact,
  args: unknown[],
): Promise<Deployed> {
  const hash = await wallet.deployContract({
    abi: artifact.abi,
    bytecode: artifact.bytecode as Hex,
    args,
    account: wallet.account!,
    chain: wallet.chain,
  });
  const receipt = await client.waitForTransactionReceipt({ hash });
  // A reverted deployment's receipt may still name the address the contract would have had.
  if (receipt.status !== "success" || !receipt.contractAddress)
    throw new Error(`deployment ${hash} created no contract`);
  return { address: receipt.contractAddress, blockNumber: receipt.blockNumber };
}

export async function deployExchange(
  wallet: WalletClient,
  client: PublicClient,
  artifact: ContractArtifact,
  p: ExchangeParameters,
): Promise<Address> {
  return (await deployExchangeReceipt(wallet, client, artifact, p)).address;
}

export async function deployExchangeReceipt(
  wallet: WalletClient,
  client: PublicClient,
  artifact: ContractArtifact,
  p: ExchangeParameters,
): Promise<Deployed> {
  return deployContractReceipt(wallet, client, artifact, [
    p.admin,
    p.operator,
    p.feeRecipient,
    p.cancelDelay,
    p.exitDelay,
  ]);
}
