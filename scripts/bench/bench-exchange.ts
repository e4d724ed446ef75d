// The chain every settlement benchmark starts from: an Exchange with Hardhat's first three accounts as admin,
// operator and fee recipient (cancel delay 60 s, exit delay 1 h), and the two market tokens WETH and USDC.
import type { network } from "hardhat";

type HardhatViem = Awaited<ReturnType<typeof network.create>>["viem"];

export async function deployBenchExchange(viem: HardhatViem) {
  const [admin, operator, feeRecipient] = await viem.getWalletClients();
  const exchange = await viem.deployContract("Exchange", [
    admin.account.address,
    operator.account.address,
    feeRecipient.account.address,
    60n,
    3600n,
  ]);
  const weth = await viem.deployContract("TestToken", ["Wrapped Ether", "WETH", 18]);
  const usdc = await viem.deployContract("TestToken", ["USD Coin", "USDC", 6]);
  return { admin, operator, feeRecipient, exchange, weth, usdc };
}
