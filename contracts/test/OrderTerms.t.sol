// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Assertions} from "./utils/Assertions.sol";
import {OrderTerms, FLAGS_SHIFT, TERMS_BITS} from "../libraries/OrderTerms.sol";
import {FillMath} from "../libraries/FillMath.sol";
import {OrderFlags, Side, SelfTradePrevention, TimeInForce} from "../types/Order.sol";

/// @notice OrderTerms.isValid checks with bit masks what the constants of Order.sol say (the largest side, the known
/// flags, the largest self-trade mode). These tests keep the two in step, which Exchange once asserted at run time.
contract OrderTermsTest is Assertions {
    using OrderTerms for uint256;

    function test_theMasksOfIsValidAssumeTheConstantsOfOrderSol() public pure {
        assertEq(Side.SELL, 1, "Side.SELL (isValid refuses side bits above bit 0)");
        assertEq(OrderFlags.KNOWN, 3, "OrderFlags.KNOWN (isValid refuses flag bits above bit 1)");
        assertEq(SelfTradePrevention.MAX, 3, "SelfTradePrevention.MAX (isValid refuses mode bits above bit 1)");
        assertEq(OrderTerms.AUCTION_ONLY_BIT, uint256(OrderFlags.AUCTION_ONLY) << FLAGS_SHIFT, "AUCTION_ONLY_BIT");
    }

    /// @notice Any terms word: isValid accepts it exactly when each field is within what Order.sol allows.
    function testFuzz_isValidAcceptsExactlyTheFieldsInRange(uint256 terms) public pure {
        bool inRange = terms >> TERMS_BITS == 0 && terms.side() <= Side.SELL && terms.timeInForce() <= TimeInForce.MAX
            && terms.flags() & ~OrderFlags.KNOWN == 0 && terms.selfTradePrevention() <= SelfTradePrevention.MAX
            && terms.maxFeeBps() <= FillMath.BPS;
        assertTrue(terms.isValid(TimeInForce.MAX, FillMath.BPS) == inRange, "isValid agrees with the field ranges");
    }

    /// @notice Packed fields read back unchanged, whatever their values.
    function testFuzz_unpacksWhatItPacks(
        uint8 side,
        uint8 timeInForce,
        uint8 flags,
        uint8 selfTradePrevention,
        uint16 maxFeeBps,
        uint40 expiry,
        uint64 nonce
    ) public pure {
        uint256 terms = OrderTerms.pack(side, timeInForce, flags, selfTradePrevention, maxFeeBps, expiry, nonce);
        assertEq(terms.side(), side, "side");
        assertEq(terms.timeInForce(), timeInForce, "timeInForce");
        assertEq(terms.flags(), flags, "flags");
        assertEq(terms.selfTradePrevention(), selfTradePrevention, "selfTradePrevention");
        assertEq(terms.maxFeeBps(), maxFeeBps, "maxFeeBps");
        assertEq(terms.expiry(), expiry, "expiry");
        assertEq(terms.nonce(), nonce, "nonce");
        assertEq(terms >> TERMS_BITS, 0, "nothing from TERMS_BITS up");
    }
}
