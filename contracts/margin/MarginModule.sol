// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IExchangeErrors} from "../interfaces/IExchangeErrors.sol";
import {MarketState, Position} from "./libraries/MarginTypes.sol";
import {FundingMath} from "./libraries/FundingMath.sol";
import {MarginMath} from "./libraries/MarginMath.sol";
import {SignedPriceUpdate, PriceUse, PriceFault} from "./oracle/PriceUpdate.sol";
import {IMarginCustody} from "./IMarginCustody.sol";
import {MarginAccounts} from "./MarginAccounts.sol";
import {MarginMarkets} from "./MarginMarkets.sol";
import {MarketBook, InsuranceFundChange} from "./PerpMarket.sol";

/// @notice The margin module of perpetual markets (docs/margin.md): collateral moved in from the Exchange's custody,
/// positions in its own storage, funding as a cumulative index, an insurance fund. Prices are its own OraclePrices,
/// submitted in the transaction that uses them. Settlement of perpetual fills, liquidation, deleveraging and the
/// exit hatch with positions build on this storage.
/// Roles: the admin (DEFAULT_ADMIN_ROLE) sets markets, oracle guards and parameters and withdraws from the insurance
/// fund; the operator (OPERATOR_ROLE) publishes funding. The Exchange must grant this contract MARGIN_MODULE_ROLE.
contract MarginModule is MarginAccounts {
    IMarginCustody public immutable exchange;

    constructor(address admin, address operator, IMarginCustody exchange_, address collateralToken_)
        MarginMarkets(collateralToken_)
    {
        if (admin == address(0) || operator == address(0) || address(exchange_) == address(0)) {
            revert IExchangeErrors.ZeroAddress();
        }
        exchange = exchange_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(OPERATOR_ROLE, operator);
    }

    // ------------------------------------------------------------------ collateral

    /// @notice Moves `amount` of the caller's available collateral-token balance on the Exchange into its margin
    /// collateral. Never gated: adding collateral only ever makes an account safer.
    function depositCollateral(uint256 amount) external {
        exchange.moveToMargin(msg.sender, collateralToken, amount);
        int256 collateral = _collateral[msg.sender] + SafeCast.toInt256(amount);
        _collateral[msg.sender] = collateral;
        emit CollateralDeposited(msg.sender, amount, collateral);
    }

    /// @notice Moves `amount` of the caller's margin collateral back to its available balance on the Exchange, after
    /// accepting `priceUpdates`. Refused while withdrawals are gated (WithdrawalsGated), beyond the collateral held,
    /// and, with open positions, when the account's value after it would be below its initial requirement at fresh
    /// prices (the risk-increasing age: a withdrawal increases risk as an opening fill does).
    function withdrawCollateral(uint256 amount, SignedPriceUpdate[] calldata priceUpdates) external {
        if (amount == 0) revert IExchangeErrors.ZeroAmount();
        uint256 gatedUntil = withdrawalsGatedUntil();
        if (block.timestamp < gatedUntil) revert WithdrawalsGated(gatedUntil);
        _acceptPriceUpdates(priceUpdates);
        (int256 value, Position[] memory positions, MarketState[] memory states) =
            _accountValue(msg.sender, PriceUse.IncreaseRisk);
        int256 collateral = _collateral[msg.sender];
        int256 signedAmount = SafeCast.toInt256(amount);
        if (collateral < signedAmount) revert InsufficientCollateral(msg.sender, collateral, amount);
        if (positions.length != 0) {
            uint256 requirement = MarginMath.accountInitialRequirement(positions, states);
            if (value - signedAmount < SafeCast.toInt256(requirement)) {
                revert BelowInitialMargin(msg.sender, value - signedAmount, requirement);
            }
        }
        collateral -= signedAmount;
        _collateral[msg.sender] = collateral;
        exchange.moveFromMargin(msg.sender, collateralToken, amount);
        emit CollateralWithdrawn(msg.sender, amount, collateral);
    }

    /// @notice Records that `account` has a negative value at fresh prices (the liquidation age), which gates every
    /// collateral withdrawal for negativeEquityDelay: a bad debt is about to be covered, and nobody should leave
    /// with collateral first. Anyone may report; the contract checks the value itself.
    function reportNegativeEquity(address account, SignedPriceUpdate[] calldata priceUpdates) external {
        _acceptPriceUpdates(priceUpdates);
        (int256 value,,) = _accountValue(account, PriceUse.Liquidation);
        if (value >= 0) revert AccountNotUnderwater(account, value);
        _negativeEquitySeenAt = block.timestamp;
        emit NegativeEquitySeen(account, value, block.timestamp + _negativeEquityDelay);
    }

    // ------------------------------------------------------------------ funding

    /// @notice Publishes one period of funding for `market` at `rate` (parts per billion of the index price; > 0:
    /// longs pay shorts), after accepting `priceUpdates`: at most once per fundingPeriod, |rate| ≤ IMF − MMF
    /// (FundingMath.rateCap), at an index price fresh enough to open risk with. Positions pay it lazily.
    function publishFunding(uint32 id, int256 rate, SignedPriceUpdate[] calldata priceUpdates)
        external
        onlyRole(OPERATOR_ROLE)
    {
        MarketBook storage book = _listedBook(id);
        uint256 nextAt = uint256(book.lastFundingAt) + _markets[id].fundingPeriod;
        if (block.timestamp < nextAt) revert FundingTooEarly(id, nextAt);
        if (!FundingMath.isRateWithinCap(rate, _markets[id].risk)) {
            revert FundingRateAboveCap(id, rate, FundingMath.rateCap(_markets[id].risk));
        }
        _acceptPriceUpdates(priceUpdates);
        (uint256 price, PriceFault fault) = _indexPrice(id, PriceUse.IncreaseRisk);
        if (fault != PriceFault.None) revert PriceNotUsable(id, fault);
        int256 cumulative = book.cumulativeFunding + FundingMath.indexDelta(rate, price);
        book.cumulativeFunding = cumulative;
        book.lastFundingAt = uint64(block.timestamp);
        emit FundingPublished(id, rate, price, cumulative);
    }

    /// @notice Settles the funding `account`'s position in `market` owes or is owed into its collateral. Anyone may
    /// call it: the result does not depend on when it is done.
    function settleFunding(address account, uint32 id) external {
        _listedBook(id);
        _settleFunding(account, id);
    }

    // ------------------------------------------------------------------ insurance fund

    /// @notice Moves `amount` of the caller's available collateral-token balance on the Exchange into the insurance
    /// fund.
    function depositInsuranceFund(uint256 amount) external {
        exchange.moveToMargin(msg.sender, collateralToken, amount);
        uint256 balance = _insuranceFund + amount;
        _insuranceFund = balance;
        emit InsuranceFundChanged(InsuranceFundChange.Deposit, SafeCast.toInt256(amount), balance);
    }

    /// @notice Moves `amount` of the insurance fund to `to`'s available balance on the Exchange. Admin only, and
    /// gated like every collateral withdrawal after negative equity was seen.
    function withdrawInsuranceFund(address to, uint256 amount) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (amount == 0) revert IExchangeErrors.ZeroAmount();
        uint256 gatedUntil = withdrawalsGatedUntil();
        if (block.timestamp < gatedUntil) revert WithdrawalsGated(gatedUntil);
        uint256 balance = _insuranceFund;
        if (balance < amount) revert InsufficientInsuranceFund(balance, amount);
        balance -= amount;
        _insuranceFund = balance;
        exchange.moveFromMargin(to, collateralToken, amount);
        emit InsuranceFundChanged(InsuranceFundChange.Withdrawal, -SafeCast.toInt256(amount), balance);
    }
}
