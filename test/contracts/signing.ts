// Independent EIP-712 signers for contract tests: viem, ethers v6 and @metamask/eth-sig-util, each fed the
// domain and types of protocol/ exactly as an integrator using that library would. The accounts behind
// them only sign: they hold no ether, and their exchange balances come from depositTo.
import { signTypedData as ethSigUtilSignTypedData, SignTypedDataVersion } from "@metamask/eth-sig-util";
import { Wallet } from "ethers";
import {
  hexToBigInt,
  hexToBytes,
  keccak256,
  numberToHex,
  parseSignature,
  serializeSignature,
  toHex,
  type Address,
  type Hex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import {
  EIP712_TYPES,
  orderTypedData,
  withdrawalTypedData,
  type ExchangeDomain,
  type Order,
  type Withdrawal,
} from "../../protocol/index.js";
import type { ExchangeFixture } from "./fixture.js";

/** The order of secp256k1: a signature (r, s) has the twin (r, n − s), which ecrecover maps to the same signer. */
export const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** The (r, n − s) twin of a 65-byte signature, with the other v: ecrecover maps it to the same signer. */
export function highSTwin(signature: Hex): Hex {
  const { r, s, yParity } = parseSignature(signature);
  return serializeSignature({ r, s: numberToHex(SECP256K1_N - hexToBigInt(s), { size: 32 }), yParity: 1 - yParity! });
}

export type SignedType = "Order" | "Withdrawal";
type MessageOf<T extends SignedType> = T extends "Order" ? Order : Withdrawal;

export interface TypedDataSigner {
  readonly library: string;
  readonly address: Address;
  sign<T extends SignedType>(domain: ExchangeDomain, primaryType: T, message: MessageOf<T>): Promise<Hex>;
}

/** eth-sig-util derives nothing: the domain type is spelled out, in the field order of EIP-712. */
export const EIP712_DOMAIN_TYPE = [
  { name: "name", type: "string" },
  { name: "version", type: "string" },
  { name: "chainId", type: "uint256" },
  { name: "verifyingContract", type: "address" },
];

/** A fixed private key per label, so that every run signs with the same accounts. */
export function testPrivateKey(label: string): Hex {
  return keccak256(toHex(`hybrid-dex contract tests: ${label}`));
}

/** viem's local account: `privateKeyToAccount(key).signTypedData`. */
export function viemSigner(privateKey: Hex): TypedDataSigner {
  const account = privateKeyToAccount(privateKey);
  return {
    library: "viem",
    address: account.address,
    sign: (domain, primaryType, message) =>
      primaryType === "Order"
        ? account.signTypedData(orderTypedData(domain, message as Order))
        : account.signTypedData(withdrawalTypedData(domain, message as Withdrawal)),
  };
}

/** ethers v6 `Wallet.signTypedData`: types without EIP712Domain, and only the primary type (ethers refuses unused types). */
export function ethersSigner(privateKey: Hex): TypedDataSigner {
  const wallet = new Wallet(privateKey);
  return {
    library: "ethers",
    address: wallet.address as Address,
    sign: async (domain, primaryType, message) =>
      (await wallet.signTypedData(domain, { [primaryType]: [...EIP712_TYPES[primaryType]] }, { ...message })) as Hex,
  };
}

/** MetaMask's `signTypedData({ privateKey, data, version: V4 })`, the code behind eth_signTypedData_v4 in the extension. */
export function ethSigUtilSigner(privateKey: Hex): TypedDataSigner {
  const key = Buffer.from(hexToBytes(privateKey));
  return {
    library: "eth-sig-util",
    address: privateKeyToAccount(privateKey).address,
    sign: async (domain, primaryType, message) =>
      ethSigUtilSignTypedData({
        privateKey: key,
        version: SignTypedDataVersion.V4,
        data: {
          types: { EIP712Domain: EIP712_DOMAIN_TYPE, [primaryType]: [...EIP712_TYPES[primaryType]] },
          primaryType,
          domain,
          message: { ...message },
        },
      }) as Hex,
  };
}

/** Mints `amount` of `token` to the admin, which deposits it for `account` (an account that only signs, or a wallet contract). */
export async function depositFor(f: ExchangeFixture, account: Address, token: ExchangeFixture["weth"], amount: bigint) {
  await token.write.mint([f.admin.account.address, amount]);
  await token.write.approve([f.exchange.address, amount]);
  await f.exchange.write.depositTo([token.address, amount, account]);
}
