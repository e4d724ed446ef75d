// The part of AuctionSettlement's ABI the auction settler calls (contracts/auction/AuctionSettlement.sol), with its
// custom errors and the Exchange's (settle calls Exchange.settle, whose reverts bubble up), so a simulated revert
// decodes to a name and the offending values.
import { parseAbi } from "viem";
import { SETTLEMENT_ABI } from "../settlement/exchange-abi.js";

export const AUCTION_SETTLEMENT_ABI = [
  ...parseAbi([
    "struct OrderInput { address maker; uint256 amounts; uint256 triggerQuoteAmount; uint256 terms; bytes32 r; bytes32 vs; }",
    "struct FillInput { uint256 orderIndices; uint256 amounts; uint256 fees; }",
    "struct Batch { uint256 id; address baseToken; address quoteToken; OrderInput[] orders; FillInput[] fills; bytes[] walletSignatures; }",
    "struct SelfTrade { uint16 first; uint16 second; uint32 lots; }",
    "struct Proof { uint256[2] a; uint256[2][2] b; uint256[2] c; }",
    "function closeBatch(uint256 batchId, address baseToken, address quoteToken, uint16 slots, uint256 commitment)",
    "function settle(Batch batch, uint16[] slotOf, SelfTrade[] selfTrades, uint32 price, Proof proof)",
    "function batches(uint256 batchId) view returns (uint256 commitment, bytes32 market, uint16 slots, uint64 closedAt, bool settled)",
    "event BatchClosed(uint256 indexed batchId, bytes32 indexed market, uint256 slots, uint256 commitment)",
    "event AuctionSettled(uint256 indexed batchId, bytes32 indexed market, uint256 price, uint256 referencePrice)",
    "error UnknownMarket(address baseToken, address quoteToken)",
    "error NoVerifier(uint256 slots)",
    "error SlotCountOutOfRange(uint256 slots, uint256 maxSlots)",
    "error BatchAlreadyClosed(uint256 batchId)",
    "error BatchNotClosed(uint256 batchId)",
    "error AuctionAlreadySettled(uint256 batchId)",
    "error PublicInputNotInField(uint256 index, uint256 value)",
    "error FillOffClearingPrice(uint256 fillIndex, uint256 baseAmount, uint256 quoteAmount, uint256 price)",
    "error SlotCountMismatch(uint256 slotCount, uint256 orderCount)",
    "error InvalidSlot(uint256 orderIndex, uint256 slot)",
    "error FillOrderOutOfRange(uint256 fillIndex, uint256 makerIndex, uint256 takerIndex)",
    "error FillTooLarge(uint256 orderIndex, uint256 lots)",
    "error InvalidSelfTrade(uint256 first, uint256 second)",
    "error InvalidProof(uint256 batchId)",
  ]),
  ...SETTLEMENT_ABI.filter((item) => item.type === "error"),
] as const;
