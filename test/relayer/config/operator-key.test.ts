/** The operator key: Web3 Secret Storage v3 keystores written by ethers 6 decrypt to the same key; errors never show it. */
import assert from "node:assert/strict";
import { createCipheriv, pbkdf2Sync, randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { inspect } from "node:util";
import { decryptKeystoreJson, encryptKeystoreJson, isKeystoreJson, Wallet } from "ethers";
import sha3 from "js-sha3";
import { describe, it } from "mocha";
import { ConfigError, decryptKeystore, parsePrivateKey } from "../../../relayer/config/index.js";

const KEY = "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba";
const PASSWORD = "correct horse battery staple";

/** A pbkdf2 keystore built by hand (ethers writes only scrypt, but reads pbkdf2: it checks this one). */
function pbkdf2Keystore(key: string, password: string): string {
  const salt = randomBytes(32);
  const iv = randomBytes(16);
  const derived = pbkdf2Sync(password, salt, 1_000, 32, "sha256");
  const cipher = createCipheriv("aes-128-ctr", derived.subarray(0, 16), iv);
  const ciphertext = Buffer.concat([cipher.update(Buffer.from(key.slice(2), "hex")), cipher.final()]);
  const mac = Buffer.from(sha3.keccak_256.arrayBuffer(Buffer.concat([derived.subarray(16, 32), ciphertext])));
  return JSON.stringify({
    version: 3,
    id: "3198bc9c-6672-5ab3-d995-4942343ae5b6",
    crypto: {
      cipher: "aes-128-ctr",
      cipherparams: { iv: iv.toString("hex") },
      ciphertext: ciphertext.toString("hex"),
      kdf: "pbkdf2",
      kdfparams: { c: 1_000, dklen: 32, prf: "hmac-sha256", salt: salt.toString("hex") },
      mac: mac.toString("hex"),
    },
  });
}

async function refusal(promise: Promise<unknown>): Promise<ConfigError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected a ConfigError");
}

const bare = KEY.slice(2);
function assertHidesKey(text: string): void {
  assert.ok(!text.toLowerCase().includes(bare), `"${text}" contains the private key`);
}

describe("operator key", () => {
  it("decrypts a keystore written by ethers 6 Wallet.encrypt (scrypt, default cost) to the same key", async () => {
    const wallet = new Wallet(KEY);
    const json = await wallet.encrypt(PASSWORD);
    const key = await decryptKeystore(json, PASSWORD);
    assert.equal(key.revealPrivateKey(), KEY);
    assert.equal(key.address, wallet.address);
  });

  it("decrypts a low-cost scrypt keystore and a pbkdf2 keystore, as ethers does", async () => {
    const scrypt = await encryptKeystoreJson({ address: new Wallet(KEY).address, privateKey: KEY }, "pässwörd", {
      scrypt: { N: 1 << 10 },
    });
    assert.equal((await decryptKeystore(scrypt, "pässwörd")).revealPrivateKey(), KEY);
    assert.equal(
      (await decryptKeystore(scrypt, "pa\u0308sswo\u0308rd")).revealPrivateKey(),
      KEY,
      "the password is NFKC-normalised like ethers does",
    );
    const pbkdf2 = pbkdf2Keystore(KEY, PASSWORD);
    assert.equal((await decryptKeystoreJson(pbkdf2, PASSWORD)).privateKey, KEY, "ethers reads the hand-built keystore");
    assert.equal((await decryptKeystore(pbkdf2, PASSWORD)).revealPrivateKey(), KEY);
  });

  // Keystores other wallets wrote (test/relayer/config/keystores/): geth's own test data (go-ethereum
  // accounts/keystore/testdata: very-light-scrypt.json, keystore/aaa, and the pbkdf2 vector of the Web3 Secret
  // Storage definition) and ethereumjs-wallet 1.0.2's toV3, the library MetaMask imports and exports JSON keystores with.
  const WRITTEN_BY_OTHERS: { file: string; password: string; address: string; key?: string }[] = [
    { file: "geth-very-light-scrypt.json", password: "", address: "0x45DeA0FB0bBA44f4fcF290bbA71Fd57d7117Cbb8" },
    { file: "geth-light-scrypt.json", password: "foobar", address: "0xf466859eAD1932D743d622CB74FC058882E8648A" },
    {
      file: "geth-pbkdf2-test-vector.json",
      password: "testpassword",
      address: "0x008AeEda4D805471dF9b2A5B0f38A0C3bCBA786b",
      key: "0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d",
    },
    {
      file: "ethereumjs-wallet-scrypt.json",
      password: "metamask-scrypt-pass",
      address: "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc",
      key: KEY,
    },
    {
      file: "ethereumjs-wallet-pbkdf2.json",
      password: "metamask-pbkdf2-pass",
      address: "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc",
      key: KEY,
    },
  ];
  const fixture = (file: string) => readFile(join(import.meta.dirname, "keystores", file), "utf8");

  it("decrypts the keystores geth and MetaMask's ethereumjs-wallet wrote, scrypt and pbkdf2, and refuses a wrong password to each", async () => {
    for (const { file, password, address, key } of WRITTEN_BY_OTHERS) {
      const json = await fixture(file);
      const operator = await decryptKeystore(json, password);
      assert.equal(operator.address, address, file);
      if (key !== undefined) assert.equal(operator.revealPrivateKey(), key, file);
      assert.equal((await refusal(decryptKeystore(json, `${password}-wrong`))).code, "KEYSTORE_WRONG_PASSWORD", file);
    }
  });

  it("opens exactly the keystores ethers' decryptKeystoreJson opens, to the same key, and refuses the others with a typed error", async () => {
    const geth = JSON.parse(await fixture("geth-light-scrypt.json"));
    const ethersWritten = JSON.parse(
      await encryptKeystoreJson({ address: new Wallet(KEY).address, privateKey: KEY }, "foobar", {
        scrypt: { N: 1 << 4 },
      }),
    );
    const variants: [string, unknown][] = [
      ["geth's, as written", geth],
      ["the version as a string", { ...geth, version: "3" }],
      ["no version", { ...geth, version: undefined }],
      ["the address with 0x, checksummed", { ...geth, address: "0xf466859eAD1932D743d622CB74FC058882E8648A" }],
      ["no address", { ...geth, address: undefined }],
      ["the crypto section spelt CRYPTO", { ...geth, crypto: undefined, CRYPTO: geth.crypto }],
      ["the MAC in upper case", { ...geth, crypto: { ...geth.crypto, mac: geth.crypto.mac.toUpperCase() } }],
      ["ethers' own, with its x-ethers section", ethersWritten],
      [
        "geth's 31-byte key (a key with a leading zero, written unpadded by old geth)",
        JSON.parse(
          `{"crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"e0c41130a323adc1446fc82f724bca2f"},"ciphertext":"9517cd5bdbe69076f9bf5057248c6c050141e970efa36ce53692d5d59a3984","kdf":"scrypt","kdfparams":{"dklen":32,"n":2,"r":8,"p":1,"salt":"711f816911c92d649fb4c84b047915679933555030b3552c1212609b38208c63"},"mac":"d5e116151c6aa71470e67a7d42c9620c75c4d23229847dcc127794f0732b0db5"},"id":"fecfc4ce-e956-48fd-953b-30f8b52ed66c","version":3}`,
        ),
      ],
    ];
    for (const [what, doc] of variants) {
      const json = JSON.stringify(doc);
      // What ethers' Wallet.fromEncryptedJson does with a v3 keystore: isKeystoreJson, then decryptKeystoreJson.
      const expected = isKeystoreJson(json)
        ? await decryptKeystoreJson(json, "foobar").then(
            (a) => a.privateKey,
            () => null,
          )
        : null;
      const actual = await decryptKeystore(json, "foobar").then(
        (k) => k.revealPrivateKey(),
        (e: unknown) => (e instanceof ConfigError ? null : e),
      );
      assert.equal(actual, expected, what);
    }
  });

  it("refuses a wrong password with KEYSTORE_WRONG_PASSWORD, naming neither the password nor the key", async () => {
    const json = await encryptKeystoreJson({ address: new Wallet(KEY).address, privateKey: KEY }, PASSWORD, {
      scrypt: { N: 1 << 10 },
    });
    const error = await refusal(decryptKeystore(json, "wrong password"));
    assert.equal(error.code, "KEYSTORE_WRONG_PASSWORD");
    assert.equal(error.setting, "OPERATOR_KEYSTORE");
    assert.ok(!error.message.includes("wrong password"));
    assertHidesKey(error.message + inspect(error));
  });

  it("refuses keystores it cannot read with KEYSTORE_INVALID", async () => {
    const json = JSON.parse(
      await encryptKeystoreJson({ address: new Wallet(KEY).address, privateKey: KEY }, PASSWORD, {
        scrypt: { N: 1 << 10 },
      }),
    );
    const variants: [string, unknown][] = [
      ["not JSON", "{"],
      ["version 1", { ...json, version: 1 }],
      ["another cipher", { ...json, Crypto: { ...json.Crypto, cipher: "aes-256-gcm" } }],
      ["another kdf", { ...json, Crypto: { ...json.Crypto, kdf: "argon2" } }],
      [
        "a scrypt cost that is not a power of two",
        { ...json, Crypto: { ...json.Crypto, kdfparams: { ...json.Crypto.kdfparams, n: 1000 } } },
      ],
      ["another address", { ...json, address: "0000000000000000000000000000000000000001" }],
    ];
    for (const [what, doc] of variants) {
      const error = await refusal(decryptKeystore(typeof doc === "string" ? doc : JSON.stringify(doc), PASSWORD));
      assert.equal(error.code, "KEYSTORE_INVALID", what);
    }
  });

  it("parses a raw key with or without 0x and never prints it", () => {
    const key = parsePrivateKey(bare, "OPERATOR_PRIVATE_KEY");
    assert.equal(key.revealPrivateKey(), KEY);
    for (const shown of [String(key), JSON.stringify({ key }), inspect(key), inspect({ key })]) assertHidesKey(shown);
    assert.ok(String(key).includes(key.address));
  });

  it("refuses a malformed or out-of-range raw key without repeating it", () => {
    for (const bad of [
      bare.slice(1),
      `${bare}00`,
      "0x" + "0".repeat(64),
      "0x" + "f".repeat(64),
      bare.replace("8", "g"),
    ]) {
      const error = (() => {
        try {
          parsePrivateKey(bad, "OPERATOR_PRIVATE_KEY");
        } catch (e) {
          return e as ConfigError;
        }
        assert.fail(`accepted ${bad}`);
      })();
      assert.equal(error.code, "CONFIG_INVALID");
      assert.ok(!error.message.includes(bad.replace(/^0x/, "")));
    }
  });
});
