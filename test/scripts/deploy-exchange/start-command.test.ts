/** The `npm start` line `npm run deploy` prints: every setting it knows, placeholders for keys, no RPC secret. */
import assert from "node:assert/strict";
import { describe, it } from "mocha";
import {
  shownRpcUrl,
  startCommand,
  type StartCommandParameters,
} from "../../../scripts/deploy-exchange/start-command.js";

const EXCHANGE = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const OPERATOR = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const base: StartCommandParameters = {
  rpcUrl: "http://127.0.0.1:8545",
  exchange: EXCHANGE,
  fromBlock: 31n,
  marketsFile: "./markets.json",
  operator: OPERATOR,
  auction: null,
};

describe("the npm start line of a deployment", () => {
  it("names the exchange, its deployment block as FROM_BLOCK, the markets file, and a placeholder for the operator's key", () => {
    assert.equal(
      startCommand(base),
      `RPC_URL=http://127.0.0.1:8545 EXCHANGE_ADDRESS=${EXCHANGE} FROM_BLOCK=31 CONFIRMATIONS=12 MARKETS_FILE=./markets.json OPERATOR_PRIVATE_KEY=<key of ${OPERATOR}> npm start`,
    );
  });

  it("adds the AuctionSettlement and a placeholder for its operator's key when there is one", () => {
    const auction = {
      settlement: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
      operator: "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
    } as const;
    assert.match(
      startCommand({ ...base, auction }),
      new RegExp(
        `AUCTION_SETTLEMENT_ADDRESS=${auction.settlement} AUCTION_OPERATOR_PRIVATE_KEY=<key of ${auction.operator}> npm start$`,
      ),
    );
  });

  it("never prints an RPC URL's path, query or credentials, where providers put API keys", () => {
    for (const url of [
      "https://eth.example.org/v2/s3cr3tApiKey",
      "https://eth.example.org/?apikey=s3cr3tApiKey",
      "wss://user:s3cr3tApiKey@eth.example.org",
    ]) {
      const line = startCommand({ ...base, rpcUrl: url });
      assert.ok(!line.includes("s3cr3tApiKey"), line);
      assert.match(line, /^RPC_URL=<your RPC URL> /);
      assert.ok(!shownRpcUrl(url).includes("s3cr3tApiKey"));
      assert.match(shownRpcUrl(url), /^(https|wss):\/\/eth\.example\.org\/…$/);
    }
    assert.equal(shownRpcUrl("http://127.0.0.1:8545/"), "http://127.0.0.1:8545");
  });

  it("quotes a markets file path the shell would split", () => {
    assert.match(
      startCommand({ ...base, marketsFile: "/home/op/my markets/it's.json" }),
      / MARKETS_FILE='\/home\/op\/my markets\/it'\\''s\.json' /,
    );
  });
});
