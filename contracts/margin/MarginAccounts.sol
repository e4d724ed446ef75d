// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {MarketState, Position} from "./libraries/MarginTypes.sol";
import {FundingMath} from "./libraries/FundingMath.sol";
import {MarginMath} from "./libraries/MarginMath.sol";
import {PriceUse, PriceFault} from "./oracle/PriceUpdate.sol";
import {MarginMarkets} from "./MarginMarkets.sol";
import {MarketBook} from "./PerpMarket.sol";

/// @notice What the module holds per account: collateral (quote units, signed: losses can take it below zero), one
/// position per market in the shape MarginMath expects, and the list of markets the account has a position in (cross
/// margin values them all). Also the insurance fund, an account of its own, and when negative equity was last seen.
/// @dev Storage is laid out for what comes next (liquidation, deleveraging, the exit hatch with positions): they read
/// and write the same position and collateral cells.
abstract contract MarginAccounts is MarginMarkets {
    mapping(address account => int256) internal _collateral;
    mapping(address account => mapping(uint32 market => Position)) internal _positions;
    /// @dev The markets in which the account's position is not flat, in the order first opened.
    mapping(address account => uint32[]) internal _openMarkets;
    uint256 internal _insuranceFund;
    /// @dev When an account was last seen with negative equity (0: never).
    uint256 internal _negativeEquitySeenAt;

    // ------------------------------------------------------------------ views

    function collateralOf(address account) external view returns (int256) {
        return _collateral[account];
    }

    function positionOf(address account, uint32 id) external view returns (Position memory) {
        return _positions[account][id];
    }

    function openMarketsOf(address account) external view returns (uint32[] memory) {
        return _openMarkets[account];
    }

    function insuranceFund() external view returns (uint256) {
        return _insuranceFund;
    }

    /// @notice Until when collateral withdrawals are gated (in the past: not gated).
    function withdrawalsGatedUntil() public view returns (uint256) {
        uint256 seenAt = _negativeEquitySeenAt;
        return seenAt == 0 ? 0 : seenAt + _negativeEquityDelay;
    }

    // ------------------------------------------------------------------ internals

    /// @dev Settles every open position's funding into collateral (lazy funding: done whenever an account is valued
    /// for a decision, so collateral and positions are then the whole account).
    function _settleAllFunding(address account) internal {
        uint32[] storage ids = _openMarkets[account];
        for (uint256 i; i < ids.length; ++i) {
            _settleFunding(account, ids[i]);
        }
    }

    /// @dev Moves what the position owes since its funding index into collateral (rounded in the system's favour by
    /// FundingMath.fundingOwed) and moves its index to the market's.
    function _settleFunding(address account, uint32 id) internal {
        Position storage position = _positions[account][id];
        int256 cumulative = _books[id].cumulativeFunding;
        if (position.fundingIndex == cumulative) return;
        int256 owed = FundingMath.fundingOwed(position, cumulative, _markets[id].risk.baseUnit);
        position.fundingIndex = cumulative;
        if (owed == 0) return;
        _collateral[account] -= owed;
        emit FundingSettled(account, id, owed);
    }

    /// @dev The account's positions and their markets at the index price for `use`, reverting with PriceNotUsable
    /// when a price may not be used for it. Funding must be settled first (the arrays carry no funding owed).
    function _valuationInputs(address account, PriceUse use)
        internal
        view
        returns (Position[] memory positions, MarketState[] memory states)
    {
        uint32[] storage ids = _openMarkets[account];
        uint256 count = ids.length;
        positions = new Position[](count);
        states = new MarketState[](count);
        for (uint256 i; i < count; ++i) {
            uint32 id = ids[i];
            (uint256 price, PriceFault fault) = _indexPrice(id, use);
            if (fault != PriceFault.None) revert PriceNotUsable(id, fault);
            MarketBook storage book = _books[id];
            positions[i] = _positions[account][id];
            states[i] = MarketState({
                risk: _markets[id].risk,
                indexPrice: price,
                cumulativeFunding: book.cumulativeFunding,
                openInterest: book.openInterest
            });
        }
    }

    /// @dev Sets the account's position in market `id` (funding settled to the market's index), keeping the list of
    /// open markets and the market's open interest (Σ long sizes) in step. The settlement of perpetual fills and the
    /// liquidation engine write positions through here.
    function _writePosition(address account, uint32 id, int256 size, int256 costBasis) internal {
        Position storage position = _positions[account][id];
        int256 previous = position.size;
        MarketBook storage book = _books[id];
        uint256 longBefore = previous > 0 ? uint256(previous) : 0;
        uint256 longAfter = size > 0 ? uint256(size) : 0;
        book.openInterest = SafeCast.toUint128(book.openInterest + longAfter - longBefore);
        if (previous == 0 && size != 0) {
            _openMarkets[account].push(id);
            position.fundingIndex = book.cumulativeFunding;
        } else if (previous != 0 && size == 0) {
            _removeOpenMarket(account, id);
        }
        position.size = size;
        position.costBasis = costBasis;
        if (size == 0) {
            // A flat position's cost basis is minus its realised PnL: it moves into collateral as is (MarginMath).
            _collateral[account] -= costBasis;
            position.costBasis = 0;
        }
    }

    function _removeOpenMarket(address account, uint32 id) private {
        uint32[] storage ids = _openMarkets[account];
        uint256 last = ids.length - 1;
        for (uint256 i; i <= last; ++i) {
            if (ids[i] == id) {
                ids[i] = ids[last];
                ids.pop();
                return;
            }
        }
    }

    /// @dev The account's value at `use` prices, funding settled first.
    function _accountValue(address account, PriceUse use)
        internal
        returns (int256 value, Position[] memory positions, MarketState[] memory states)
    {
        _settleAllFunding(account);
        (positions, states) = _valuationInputs(account, use);
        value = MarginMath.accountValue(_collateral[account], positions, states);
    }
}
