// The embedded chain of `npm start`: a Hardhat node with a JSON-RPC server, the exchange, three demo tokens with the
// real ones' decimals (WETH-like 18, USDC-like 6, WBTC-like 8), and deposits for the chain's well-known test accounts.
import hre, { network } from "hardhat";
import { createPublicClient, createWalletClient, http, parseUnits, type Address, type PublicClient } from "viem";
import { hardhat } from "viem/chains";
import { deployContract, deployExchange, type ContractArtifact } from "../deploy.js";

export const DEMO_TOKENS = [
  { symbol: "WETH", decimals: 18, deposit: "100" },
  { symbol: "USDC", decimals: 6, deposit: "300000" },
  // The base token of the auction market: a token pair is one market, so the auction market needs a pair of its own.
  { symbol: "WBTC", decimals: 8, deposit: "10" },
] as const;

/** How many test accounts (from #3 of the standard mnemonic on) get deposits. */
export const FUNDED_ACCOUNTS = 7;

export interface LocalChain {
  rpcUrl: string;
  chainId: number;
  client: PublicClient;
  exchange: Address;
  /** Block of the exchange's deployment: the deposit watcher's first block. */
  exchangeBlock: bigint;
  /** Block of the last deposit made here. */
  lastDepositBlock: bigint;
  tokens: Record<(typeof DEMO_TOKENS)[number]["symbol"], Address>;
  /** Test account #0: deploys everything and holds the contracts' admin roles. */
  admin: Address;
  operator: Address;
  feeRecipient: Address;
  funded: Address[];
  close(): Promise<void>;
}

export async function startLocalChain(options: {
  host: string;
  port: number;
  step: (message: string) => void;
}): Promise<LocalChain> {
  const { step } = options;
  // hardhat build --quiet prints nothing for the minute a fresh clone takes to compile: say what is going on.
  step("compiling the contracts (about a minute on a fresh clone, a moment once cached)");
  const started = Date.now();
  await hre.tasks.getTask("build").run({ quiet: true, noTests: true });
  step(`contracts ready (${Math.round((Date.now() - started) / 1000)} s)`);
  step("starting the local chain");
  const server = await network.createServer("default", options.host, options.port);
  const { address, port } = await server.listen();
  const rpcUrl = `http://${address}:${port}`;

  const client = createPublicClient({ chain: hardhat, transport: http(rpcUrl) }) as PublicClient;
  const accounts = await createWalletClient({ chain: hardhat, transport: http(rpcUrl) }).getAddresses(); // eth_accounts
  const [admin, operator, feeRecipient, ...traders] = accounts;
  const deployer = createWalletClient({ chain: hardhat, transport: http(rpcUrl), account: admin });
  const artifact = async (name: string) => (await hre.artifacts.readArtifact(name)) as unknown as ContractArtifact;

  step("deploying the exchange and the demo tokens");
  const exchangeArtifact = await artifact("Exchange");
  const exchange = await deployExchange(deployer, client, exchangeArtifact, {
    admin,
    operator,
    feeRecipient,
    cancelDelay: 60n,
    exitDelay: 3600n,
  });
  const exchangeBlock = await client.getBlockNumber({ cacheTime: 0 });
  const tokenArtifact = await artifact("TestToken");
  const tokens = {} as LocalChain["tokens"];
  for (const t of DEMO_TOKENS)
    tokens[t.symbol] = await deployContract(deployer, client, tokenArtifact, [
      `Demo ${t.symbol}`,
      t.symbol,
      t.decimals,
    ]);

  const funded = traders.slice(0, FUNDED_ACCOUNTS);
  let lastDepositBlock = exchangeBlock;
  const write = async (functionName: string, args: unknown[], to: Address, abi = tokenArtifact.abi) => {
    const hash = await deployer.writeContract({ address: to, abi, functionName, args });
    return client.waitForTransactionReceipt({ hash });
  };
  for (const t of DEMO_TOKENS) {
    step(`depositing ${t.deposit} ${t.symbol} for each of ${funded.length} test accounts`);
    const amount = parseUnits(t.deposit, t.decimals);
    const token = tokens[t.symbol];
    const total = amount * BigInt(funded.length);
    await write("mint", [admin, total], token);
    await write("approve", [exchange, total], token);
    for (const trader of funded)
      lastDepositBlock = (await write("depositTo", [token, amount, trader], exchange, exchangeArtifact.abi))
        .blockNumber;
    // Each account also holds some tokens in its wallet, to try deposits itself.
    for (const trader of funded) await write("mint", [trader, amount], token);
  }

  return {
    rpcUrl,
    chainId: await client.getChainId(),
    client,
    exchange,
    exchangeBlock,
    lastDepositBlock,
    tokens,
    admin,
    operator,
    feeRecipient,
    funded,
    close: () => server.close(),
  };
}
