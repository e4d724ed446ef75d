// Every typed-data payload the relayer hands out is signed verbatim by the three signing paths integrators use —
// MetaMask's eth_signTypedData_v4 (@metamask/eth-sig-util V4), ethers v6 and viem — and what each signed is accepted:
// orders, cancels, cancel-alls and withdrawals from GET /v1/info's `eip712.payloads`, the login from the private
// channel's `auth.challenge`. Verbatim: the payload as received plus the message; for ethers, whose
// signTypedData(domain, types, value) derives the domain type itself and refuses it in `types`, the EIP712Domain
// entry is left out (docs/api.md, "Signing the typed data").
import assert from "node:assert/strict";
import { signTypedData as ethSigUtilSignTypedData, SignTypedDataVersion } from "@metamask/eth-sig-util";
import { Wallet } from "ethers";
import { before, describe, it } from "mocha";
import type { Socket } from "socket.io-client";
import type { Hex } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { connect } from "../ws/fixtures.js";
import { fund, get, NOW, post, postJson } from "./fixtures.js";
import { useRelayer } from "../use-relayer.js";

type Json = any;

/** A typed-data payload as handed out, with the message the client fills in. */
interface Payload {
  domain: Json;
  types: Record<string, { name: string; type: string }[]>;
  primaryType: string;
  message: Json;
}

// Hardhat's development keys #4, #5 and #6: one account per signing path, so their orders and nonces never meet.
const SIGNERS: { library: string; key: Hex; sign(payload: Payload): Promise<string> }[] = [
  {
    library: "eth_signTypedData_v4 (MetaMask, eth-sig-util V4)",
    key: "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
    async sign(payload) {
      return ethSigUtilSignTypedData({
        privateKey: Buffer.from(this.key.slice(2), "hex"),
        data: payload as never,
        version: SignTypedDataVersion.V4,
      });
    },
  },
  {
    library: "ethers v6",
    key: "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
    async sign({ domain, types: { EIP712Domain: _derived, ...types }, message }) {
      return new Wallet(this.key).signTypedData(domain, types, message);
    },
  },
  {
    library: "viem",
    key: "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
    async sign(payload) {
      return privateKeyToAccount(this.key).signTypedData(payload as never);
    },
  },
];

/** `emit` with an ack; resolves with the ack. */
function request(socket: Socket, event: string, payload: unknown = {}): Promise<Json> {
  return socket.timeout(5_000).emitWithAck(event, payload);
}

describe("typed data handed out by the relayer, signed by eth_signTypedData_v4, ethers and viem", function () {
  let info: Json;
  const accounts = SIGNERS.map((s) => privateKeyToAccount(s.key));

  const relayer = useRelayer();

  before(async () => {
    await fund(relayer, accounts);
    info = (await get(relayer.url, "/v1/info")).json;
  });

  /** The first market's smallest order at `priceTicks`, as the wire carries it, from the units GET /v1/info lists. */
  function wireOrder(maker: PrivateKeyAccount, side: 0 | 1, priceTicks: bigint, nonce: number): Json {
    const market = info.markets[0];
    const lots = BigInt(market.minSize);
    return {
      maker: maker.address.toLowerCase(),
      baseToken: market.base.address,
      quoteToken: market.quote.address,
      side,
      baseAmount: (lots * BigInt(market.lotSize)).toString(),
      quoteAmount: (lots * priceTicks * BigInt(market.tickSize)).toString(),
      triggerQuoteAmount: "0",
      nonce: String(nonce),
      expiry: "0",
      maxFeeBps: 30,
      timeInForce: 0,
      flags: 0,
      selfTradePrevention: 0,
    };
  }

  /** GET /v1/info's payload for `primaryType`, with `message` filled in. */
  const payload = (primaryType: string, message: Json): Payload => ({ ...info.eip712.payloads[primaryType], message });

  it("lists each market's tickSize (quote units per lot per tick) and lotSize, as docs/api.md names them", () => {
    for (const market of info.markets) {
      assert.match(market.tickSize, /^[1-9][0-9]*$/, JSON.stringify(market));
      assert.match(market.lotSize, /^[1-9][0-9]*$/, JSON.stringify(market));
    }
  });

  it("hands out one payload per signed message, each with EIP712Domain and only its own primary type", () => {
    for (const primaryType of ["Order", "CancelOrder", "CancelAll", "Withdrawal"]) {
      const p = info.eip712.payloads[primaryType];
      assert.deepEqual(p.domain, info.eip712.domain);
      assert.equal(p.primaryType, primaryType);
      assert.deepEqual(Object.keys(p.types).sort(), ["EIP712Domain", primaryType].sort());
      assert.deepEqual(p.types[primaryType], info.eip712.types[primaryType]);
      assert.deepEqual(p.types.EIP712Domain, info.eip712.types.EIP712Domain);
    }
  });

  for (const [i, signer] of SIGNERS.entries()) {
    describe(signer.library, () => {
      const account = privateKeyToAccount(signer.key);

      it("signs an order that is admitted (201)", async () => {
        const order = wireOrder(account, 0, 1_000n + BigInt(i), 1);
        const res = await post(relayer.url, { order, signature: await signer.sign(payload("Order", order)) });
        assert.equal(res.status, 201, JSON.stringify(res.json));
        assert.equal(res.json.status, "open");
      });

      it("signs a cancel that cancels its order (200)", async () => {
        const order = wireOrder(account, 0, 1_000n + BigInt(i), 2);
        const placed = await post(relayer.url, { order, signature: await signer.sign(payload("Order", order)) });
        assert.equal(placed.status, 201, JSON.stringify(placed.json));
        const cancel = { maker: order.maker, orderHash: placed.json.orderHash };
        const res = await fetch(`${relayer.url}/v1/orders/${cancel.orderHash}`, {
          method: "DELETE",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ cancel, signature: await signer.sign(payload("CancelOrder", cancel)) }),
        });
        const body: Json = await res.json();
        assert.equal(res.status, 200, JSON.stringify(body));
        assert.equal(body.status, "cancelled");
      });

      it("signs a cancel-all that cancels its open orders (200)", async () => {
        const market = info.markets[0];
        const cancelAll = {
          maker: account.address.toLowerCase(),
          baseToken: market.base.address,
          quoteToken: market.quote.address,
          issuedAt: String(NOW),
        };
        const res = await postJson(relayer.url, "/v1/orders/cancel-all", {
          cancelAll,
          signature: await signer.sign(payload("CancelAll", cancelAll)),
        });
        assert.equal(res.status, 200, JSON.stringify(res.json));
        assert.equal(res.json.cancelled.length, 1); // the first test's order; the second's was cancelled already
      });

      it("signs a withdrawal that is requested (201)", async () => {
        const withdrawal = {
          account: account.address.toLowerCase(),
          token: info.markets[0].quote.address,
          amount: "1000000",
          recipient: account.address.toLowerCase(),
          nonce: "1",
          expiry: "0",
        };
        const res = await postJson(relayer.url, "/v1/withdrawals", {
          withdrawal,
          signature: await signer.sign(payload("Withdrawal", withdrawal)),
        });
        assert.equal(res.status, 201, JSON.stringify(res.json));
        assert.equal(res.json.status, "requested");
      });

      it("signs the login challenge of the private channel, and the login is accepted", async () => {
        const socket = await connect(relayer.url);
        try {
          const challenge = await request(socket, "auth.challenge");
          const address = account.address.toLowerCase();
          const typedData = { ...challenge.message, message: { ...challenge.message.message, address } };
          const ack = await request(socket, "auth.login", {
            address,
            nonce: challenge.nonce,
            signature: await signer.sign(typedData),
          });
          assert.equal(ack.error, undefined, JSON.stringify(ack));
          assert.equal(ack.address.toLowerCase(), address);
        } finally {
          socket.close();
        }
      });
    });
  }
});
