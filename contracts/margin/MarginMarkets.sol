// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IExchangeErrors} from "../interfaces/IExchangeErrors.sol";
import {OraclePrices} from "./oracle/OraclePrices.sol";
import {MAX_SIZE} from "./libraries/MarginTypes.sol";
import {MarginMath} from "./libraries/MarginMath.sol";
import {IMarginModuleErrors} from "./IMarginModuleErrors.sol";
import {IMarginModuleEvents} from "./IMarginModuleEvents.sol";
import {PerpMarket, MarketBook} from "./PerpMarket.sol";

/// @notice The perpetual markets registry and the module's own bounded parameters, set by the admin with an event
/// each. A market's id is the id its price updates carry (OraclePrices) and the one its orders name (docs/margin.md
/// "Perpetual orders").
abstract contract MarginMarkets is OraclePrices, IMarginModuleErrors, IMarginModuleEvents {
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");

    uint256 public constant MIN_FUNDING_PERIOD = 1 minutes;
    uint256 public constant MAX_FUNDING_PERIOD = 1 days;
    uint256 public constant DEFAULT_NEGATIVE_EQUITY_DELAY = 1 hours;
    uint256 public constant MAX_NEGATIVE_EQUITY_DELAY = 7 days;

    /// @notice The quote token every market settles in and every account's collateral is counted in.
    address public immutable collateralToken;

    mapping(uint32 market => PerpMarket) internal _markets;
    mapping(uint32 market => MarketBook) internal _books;
    /// @dev Seconds collateral withdrawals wait after an account was seen with negative equity.
    uint256 internal _negativeEquityDelay;

    constructor(address collateralToken_) {
        if (collateralToken_ == address(0)) revert IExchangeErrors.ZeroAddress();
        collateralToken = collateralToken_;
        _setNegativeEquityDelay(DEFAULT_NEGATIVE_EQUITY_DELAY);
    }

    /// @notice Lists market `id` with `parameters`, or changes a listed market's parameters. Bounds: the risk
    /// parameters pass MarginMath.isValidMarket; the quote token is the collateral token; MIN_FUNDING_PERIOD ≤
    /// fundingPeriod ≤ MAX_FUNDING_PERIOD; 1 ≤ maxPositionSize ≤ maxOpenInterest ≤ 2^127 − 1. Listing starts the
    /// first funding period.
    function setMarket(uint32 id, PerpMarket calldata parameters) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (id == 0) revert IExchangeErrors.ParameterOutOfRange("market", 0, 1, type(uint32).max);
        if (!MarginMath.isValidMarket(parameters.risk)) revert InvalidMarketRisk(id);
        if (parameters.quoteToken != collateralToken) {
            revert CollateralTokenMismatch(id, parameters.quoteToken, collateralToken);
        }
        _checkRange("fundingPeriod", parameters.fundingPeriod, MIN_FUNDING_PERIOD, MAX_FUNDING_PERIOD);
        _checkRange("maxPositionSize", parameters.maxPositionSize, 1, MAX_SIZE);
        _checkRange("maxOpenInterest", parameters.maxOpenInterest, parameters.maxPositionSize, MAX_SIZE);
        _markets[id] = parameters;
        MarketBook storage book = _books[id];
        bool listing = !book.listed;
        if (listing) {
            book.listed = true;
            book.lastFundingAt = uint64(block.timestamp);
        }
        emit MarketSet(id, parameters, listing);
    }

    /// @notice Sets how long collateral withdrawals wait after an account was seen with negative equity
    /// (0 ≤ delay ≤ MAX_NEGATIVE_EQUITY_DELAY).
    function setNegativeEquityDelay(uint256 delay) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setNegativeEquityDelay(delay);
    }

    // ------------------------------------------------------------------ views

    /// @notice The market's funding index, open interest, last funding time and whether it is listed. Its parameters
    /// are in its last MarketSet event (a view of them would not fit the contract-size limit beside the oracle).
    function marketBook(uint32 id) external view returns (MarketBook memory) {
        return _books[id];
    }


    function negativeEquityDelay() external view returns (uint256) {
        return _negativeEquityDelay;
    }

    // ------------------------------------------------------------------ internals

    function _listedBook(uint32 id) internal view returns (MarketBook storage book) {
        book = _books[id];
        if (!book.listed) revert UnknownMarket(id);
    }

    function _setNegativeEquityDelay(uint256 delay) private {
        _checkRange("negativeEquityDelay", delay, 0, MAX_NEGATIVE_EQUITY_DELAY);
        emit NegativeEquityDelaySet(_negativeEquityDelay, delay);
        _negativeEquityDelay = delay;
    }

    function _checkRange(bytes32 name, uint256 value, uint256 min, uint256 max) private pure {
        if (value < min || value > max) revert IExchangeErrors.ParameterOutOfRange(name, value, min, max);
    }
}
