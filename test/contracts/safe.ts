// A real Safe (safe-global/safe-smart-account 1.5.0, deployed from its npm artifacts) for contract tests:
// the singleton, the proxy factory, the CompatibilityFallbackHandler (EIP-1271) and SignMessageLib.
//
// How a Safe signs an exchange message (CompatibilityFallbackHandler.isValidSignature(bytes32 hash, bytes sig)):
// the hash is wrapped as `message = abi.encode(hash)` into the EIP-712 typed data `SafeMessage(bytes message)`
// under the Safe's own domain `EIP712Domain(uint256 chainId,address verifyingContract)`; the owners sign that
// digest and the signature is their 65-byte (r, s, v) signatures concatenated in ascending owner order.
// An empty signature means "approved on-chain": the Safe's signedMessages(digest) is set (SignMessageLib).
import { createRequire } from "node:module";
import {
  concat,
  encodeAbiParameters,
  encodeFunctionData,
  getContract,
  hashTypedData,
  zeroAddress,
  type Abi,
  type Account,
  type Address,
  type Chain,
  type Hex,
  type LocalAccount,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import type { Connection } from "./fixture.js";

interface Artifact {
  abi: Abi;
  bytecode: Hex;
}

const ARTIFACTS = "@safe-global/safe-smart-account/build/artifacts/contracts/";

function artifact(path: string): Artifact {
  const { abi, bytecode } = createRequire(import.meta.url)(ARTIFACTS + path) as Artifact;
  return { abi, bytecode };
}

export const SAFE_MESSAGE_TYPES = { SafeMessage: [{ name: "message", type: "bytes" }] } as const;

const SAFE_TX_TYPES = {
  SafeTx: [
    { name: "to", type: "address" },
    { name: "value", type: "uint256" },
    { name: "data", type: "bytes" },
    { name: "operation", type: "uint8" },
    { name: "safeTxGas", type: "uint256" },
    { name: "baseGas", type: "uint256" },
    { name: "gasPrice", type: "uint256" },
    { name: "gasToken", type: "address" },
    { name: "refundReceiver", type: "address" },
    { name: "nonce", type: "uint256" },
  ],
} as const;

const DELEGATE_CALL = 1;

/** The SafeMessage typed data that the owners of `safe` sign to make `hash` valid for the Safe (EIP-1271). */
export function safeMessage(chainId: number, safe: Address, hash: Hex) {
  return {
    domain: { chainId, verifyingContract: safe },
    types: SAFE_MESSAGE_TYPES,
    primaryType: "SafeMessage" as const,
    message: { message: encodeAbiParameters([{ type: "bytes32" }], [hash]) },
  };
}

/** The digest the owners of `safe` sign for `hash`: what the fallback handler checks their signatures against. */
export function safeMessageHash(chainId: number, safe: Address, hash: Hex): Hex {
  return hashTypedData(safeMessage(chainId, safe, hash));
}

/** The owners' signatures over the SafeMessage wrapping `hash`, concatenated in ascending owner order. */
export async function signAsSafe(chainId: number, safe: Address, hash: Hex, owners: LocalAccount[]): Promise<Hex> {
  const typedData = safeMessage(chainId, safe, hash);
  const sorted = [...owners].sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
  return concat(await Promise.all(sorted.map((owner) => owner.signTypedData(typedData))));
}

/** Deploys the Safe contracts; returns a function that creates Safes. */
export async function deploySafeContracts(connection: Connection) {
  const [deployer] = await connection.viem.getWalletClients();
  return deploySafeContractsWith((await connection.viem.getPublicClient()) as PublicClient, deployer);
}

/** deploySafeContracts on any chain (e.g. a started relayer's, over JSON-RPC): `deployer` pays for the deployments. */
export async function deploySafeContractsWith(
  publicClient: PublicClient,
  deployer: WalletClient<Transport, Chain, Account>,
) {
  const chainId = await publicClient.getChainId();

  async function deploy({ abi, bytecode }: Artifact): Promise<Address> {
    const hash = await deployer.deployContract({ abi, bytecode, args: [] });
    const { contractAddress } = await publicClient.waitForTransactionReceipt({ hash });
    if (!contractAddress) throw new Error("deployment created no contract");
    return contractAddress;
  }

  const safeArtifact = artifact("Safe.sol/Safe.json");
  const factoryArtifact = artifact("proxies/SafeProxyFactory.sol/SafeProxyFactory.json");
  const handlerArtifact = artifact("handler/CompatibilityFallbackHandler.sol/CompatibilityFallbackHandler.json");
  const signMessageLibArtifact = artifact("libraries/SignMessageLib.sol/SignMessageLib.json");

  const singleton = await deploy(safeArtifact);
  const factory = getContract({
    address: await deploy(factoryArtifact),
    abi: factoryArtifact.abi,
    client: { public: publicClient, wallet: deployer },
  });
  const handler = getContract({
    address: await deploy(handlerArtifact),
    abi: handlerArtifact.abi,
    client: { public: publicClient, wallet: deployer },
  });
  const signMessageLib = await deploy(signMessageLibArtifact);
  let saltNonce = 0n;

  /** A Safe proxy with `owners` and `threshold`, whose fallback handler is the CompatibilityFallbackHandler. */
  async function createSafe(owners: Address[], threshold: bigint) {
    const initializer = encodeFunctionData({
      abi: safeArtifact.abi,
      functionName: "setup",
      args: [owners, threshold, zeroAddress, "0x", handler.address, zeroAddress, 0n, zeroAddress],
    });
    const args = [singleton, initializer, saltNonce++] as const;
    const { result } = await publicClient.simulateContract({
      address: factory.address,
      abi: factoryArtifact.abi,
      functionName: "createProxyWithNonce",
      args,
      account: deployer.account,
    });
    await publicClient.waitForTransactionReceipt({
      hash: await deployer.writeContract({
        address: factory.address,
        abi: factoryArtifact.abi,
        functionName: "createProxyWithNonce",
        args,
      }),
    });
    return getContract({
      address: result as Address,
      abi: safeArtifact.abi,
      client: { public: publicClient, wallet: deployer },
    });
  }

  /**
   * Marks `hash` as signed by `safe` on-chain: the Safe delegate-calls SignMessageLib.signMessage(abi.encode(hash))
   * in a Safe transaction that `owners` (at least the threshold) sign; the order's signature is then empty.
   */
  async function approveOnChain(safe: Address, hash: Hex, owners: LocalAccount[]) {
    const contract = getContract({
      address: safe,
      abi: safeArtifact.abi,
      client: { public: publicClient, wallet: deployer },
    });
    const tx = {
      to: signMessageLib,
      value: 0n,
      data: encodeFunctionData({
        abi: signMessageLibArtifact.abi,
        functionName: "signMessage",
        args: [encodeAbiParameters([{ type: "bytes32" }], [hash])],
      }),
      operation: DELEGATE_CALL,
      safeTxGas: 0n,
      baseGas: 0n,
      gasPrice: 0n,
      gasToken: zeroAddress,
      refundReceiver: zeroAddress,
      nonce: (await contract.read.nonce()) as bigint,
    };
    const typedData = {
      domain: { chainId, verifyingContract: safe },
      types: SAFE_TX_TYPES,
      primaryType: "SafeTx" as const,
      message: tx,
    };
    const sorted = [...owners].sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
    const signatures = concat(await Promise.all(sorted.map((owner) => owner.signTypedData(typedData))));
    const { to, value, data, operation, safeTxGas, baseGas, gasPrice, gasToken, refundReceiver } = tx;
    await publicClient.waitForTransactionReceipt({
      hash: await contract.write.execTransaction([
        to,
        value,
        data,
        operation,
        safeTxGas,
        baseGas,
        gasPrice,
        gasToken,
        refundReceiver,
        signatures,
      ]),
    });
  }

  return { chainId, singleton, factory, handler, signMessageLib, createSafe, approveOnChain };
}

export type SafeContracts = Awaited<ReturnType<typeof deploySafeContracts>>;
