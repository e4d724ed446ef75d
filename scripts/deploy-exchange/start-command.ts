// The `npm start` line `npm run deploy` prints for its deployment: every setting it knows, and a placeholder where
// the operator's key goes, since the deploy never holds that key. An RPC URL with a path, query or credentials
// (where providers put API keys) is never printed: the line then says where it goes instead.
import type { Address } from "viem";

export interface StartCommandParameters {
  rpcUrl: string;
  exchange: Address;
  fromBlock: bigint;
  marketsFile: string;
  operator: Address;
  auction: { settlement: Address; operator: Address } | null;
}

/** The URL as it may be shown: its origin, and "/…" when the rest may hold a secret. */
export function shownRpcUrl(rpcUrl: string): string {
  const url = new URL(rpcUrl);
  return hasSecretPart(url) ? `${url.origin}/…` : url.origin;
}

export function startCommand(p: StartCommandParameters): string {
  const url = new URL(p.rpcUrl);
  const settings: [string, string][] = [
    ["RPC_URL", hasSecretPart(url) ? "<your RPC URL>" : url.origin],
    ["EXCHANGE_ADDRESS", p.exchange],
    ["FROM_BLOCK", String(p.fromBlock)],
    ["CONFIRMATIONS", "12"],
    ["MARKETS_FILE", p.marketsFile],
    ["OPERATOR_PRIVATE_KEY", `<key of ${p.operator}>`],
  ];
  if (p.auction !== null) {
    settings.push(
      ["AUCTION_SETTLEMENT_ADDRESS", p.auction.settlement],
      ["AUCTION_OPERATOR_PRIVATE_KEY", `<key of ${p.auction.operator}>`],
    );
  }
  return `${settings.map(([name, value]) => `${name}=${value.startsWith("<") ? value : shellWord(value)}`).join(" ")} npm start`;
}

function hasSecretPart(url: URL): boolean {
  return url.pathname !== "/" || url.search !== "" || url.username !== "" || url.password !== "";
}

/** `value` as one shell word: as is when it is plain, else single-quoted. */
function shellWord(value: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}
