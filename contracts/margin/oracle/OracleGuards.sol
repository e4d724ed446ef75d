// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IExchangeErrors} from "../../interfaces/IExchangeErrors.sol";
import {AggregatorV3Interface} from "./AggregatorV3Interface.sol";
import {IOraclePricesErrors} from "./IOraclePricesErrors.sol";
import {IOraclePricesEvents} from "./IOraclePricesEvents.sol";
import {PriceUse} from "./PriceUpdate.sol";

/// @notice The guards of OraclePrices as parameters: the price signers and their threshold, the future skew, the
/// confidence bound, the maximum age at use of each use, the L2 sequencer feed and its grace period, and each
/// market's reference feed. Each is set by DEFAULT_ADMIN_ROLE within bounds (ParameterOutOfRange otherwise), with an
/// event; the defaults and bounds are in docs/margin.md "Prices and oracle guards". The inheriting contract grants
/// the role.
abstract contract OracleGuards is AccessControl, IOraclePricesErrors, IOraclePricesEvents {
    uint256 public constant BPS = 10_000;
    /// @dev The signer set is at most a bitmask's worth, so duplicates are caught with one word.
    uint256 public constant MAX_PRICE_SIGNERS = 32;

    uint256 public constant DEFAULT_MAX_FUTURE_SKEW = 5 seconds;
    uint256 public constant FUTURE_SKEW_CAP = 5 minutes;
    uint256 public constant DEFAULT_MAX_CONFIDENCE_BPS = 100;
    uint256 public constant CONFIDENCE_BPS_CAP = 1_000;
    uint256 public constant DEFAULT_MAX_AGE_INCREASE_RISK = 30 seconds;
    uint256 public constant INCREASE_RISK_AGE_CAP = 5 minutes;
    uint256 public constant DEFAULT_MAX_AGE_REDUCE_RISK = 1 hours;
    uint256 public constant REDUCE_RISK_AGE_CAP = 1 days;
    uint256 public constant DEFAULT_MAX_AGE_LIQUIDATION = 2 minutes;
    uint256 public constant LIQUIDATION_AGE_CAP = 1 hours;
    uint256 public constant DEFAULT_SEQUENCER_GRACE_PERIOD = 1 hours;
    uint256 public constant MIN_SEQUENCER_GRACE_PERIOD = 1 minutes;
    uint256 public constant SEQUENCER_GRACE_PERIOD_CAP = 1 days;
    uint256 public constant MIN_REFERENCE_HEARTBEAT = 1 minutes;
    uint256 public constant REFERENCE_HEARTBEAT_CAP = 2 days;
    uint256 public constant DEVIATION_BPS_CAP = 5_000;
    uint256 public constant DECIMALS_CAP = 36;

    /// @dev Everything _indexPrice reads besides the price, in one slot: the sequencer feed, the three maximum ages
    /// and the grace period (each capped at one day, so 24 bits hold it).
    struct UseParameters {
        AggregatorV3Interface sequencerUptimeFeed; // zero: no sequencer check (an L1)
        uint24 maxAgeIncreaseRisk;
        uint24 maxAgeReduceRisk;
        uint24 maxAgeLiquidation;
        uint24 sequencerGracePeriod;
    }

    /// @dev What _acceptPriceUpdates reads, in one slot.
    struct AcceptParameters {
        uint32 maxFutureSkew;
        uint16 maxConfidenceBps;
        uint8 signerThreshold;
    }

    /// @notice A market's reference feed. Its answer (`decimals` of the feed, per whole base asset in whole quote
    /// units) becomes an index-scaled price by × 10^scaleExponent, scaleExponent = 18 + quoteDecimals − baseDecimals
    /// − feed decimals. `minAnswer` and `maxAnswer` are the feed's clamp bounds: an answer at either is not a price.
    /// @dev Two slots. The bounds share one in 128 bits each: a larger maxAnswer (Chainlink's are often near
    /// 2^191) is stored as 2^127 − 1, which only calls unusable answers that no 128-bit price could come from.
    struct ReferenceFeed {
        AggregatorV3Interface aggregator;
        uint32 heartbeat; // seconds after updatedAt during which the answer is fresh
        uint16 maxDeviationBps; // how far a signed price may be from a fresh answer
        int8 scaleExponent;
        int128 minAnswer;
        int128 maxAnswer;
    }

    UseParameters internal _useParameters;
    AcceptParameters internal _acceptParameters;
    mapping(uint32 market => ReferenceFeed) internal _referenceFeeds;
    address[] private _priceSigners;
    /// @dev A signer's position in _priceSigners, plus one (zero: not a signer).
    mapping(address signer => uint256) internal _priceSignerSlot;

    /// @dev Defaults, each with its event. The signer set starts empty with threshold 1: no price is accepted until
    /// the admin names the signers.
    constructor() {
        _setMaxFutureSkew(DEFAULT_MAX_FUTURE_SKEW);
        _setMaxConfidenceBps(DEFAULT_MAX_CONFIDENCE_BPS);
        _setMaxPriceAge(PriceUse.IncreaseRisk, DEFAULT_MAX_AGE_INCREASE_RISK);
        _setMaxPriceAge(PriceUse.ReduceRisk, DEFAULT_MAX_AGE_REDUCE_RISK);
        _setMaxPriceAge(PriceUse.Liquidation, DEFAULT_MAX_AGE_LIQUIDATION);
        _setSequencerGracePeriod(DEFAULT_SEQUENCER_GRACE_PERIOD);
        _acceptParameters.signerThreshold = 1;
    }

    // ------------------------------------------------------------------ views

    function priceSigners() external view returns (address[] memory) {
        return _priceSigners;
    }

    function priceSignerThreshold() external view returns (uint256) {
        return _acceptParameters.signerThreshold;
    }

    function maxFutureSkew() external view returns (uint256) {
        return _acceptParameters.maxFutureSkew;
    }

    function maxConfidenceBps() external view returns (uint256) {
        return _acceptParameters.maxConfidenceBps;
    }

    function maxPriceAge(PriceUse use) public view returns (uint256) {
        UseParameters memory params = _useParameters;
        if (use == PriceUse.IncreaseRisk) return params.maxAgeIncreaseRisk;
        return use == PriceUse.Liquidation ? params.maxAgeLiquidation : params.maxAgeReduceRisk;
    }

    function sequencerUptimeFeed() external view returns (address) {
        return address(_useParameters.sequencerUptimeFeed);
    }

    function sequencerGracePeriod() external view returns (uint256) {
        return _useParameters.sequencerGracePeriod;
    }

    function referenceFeed(uint32 market) external view returns (ReferenceFeed memory) {
        return _referenceFeeds[market];
    }

    // ------------------------------------------------------------------ administration

    /// @notice Replaces the whole signer set: `threshold` distinct signatures of `signers` accept an update.
    function setPriceSigners(address[] calldata signers, uint256 threshold) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setPriceSigners(signers, threshold);
    }

    function setMaxFutureSkew(uint256 skew) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMaxFutureSkew(skew);
    }

    function setMaxConfidenceBps(uint256 bps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMaxConfidenceBps(bps);
    }

    /// @notice The maximum age at use for `use`, within its cap; IncreaseRisk stays the strictest (the others are
    /// bounded below by it, it above by them).
    function setMaxPriceAge(PriceUse use, uint256 age) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMaxPriceAge(use, age);
    }

    /// @notice The L2 sequencer-uptime feed; the zero address turns the check off (an L1).
    function setSequencerUptimeFeed(address feed) external onlyRole(DEFAULT_ADMIN_ROLE) {
        emit SequencerUptimeFeedSet(address(_useParameters.sequencerUptimeFeed), feed);
        _useParameters.sequencerUptimeFeed = AggregatorV3Interface(feed);
    }

    function setSequencerGracePeriod(uint256 period) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setSequencerGracePeriod(period);
    }

    /// @notice Lists `market` for prices with its reference feed (or replaces the feed). `baseDecimals` are the
    /// decimals of the position size unit, `quoteDecimals` those of the collateral token; the feed's own decimals
    /// are read from it. `minAnswer`/`maxAnswer`: the feed's clamp bounds (Chainlink: its aggregator's).
    function setReferenceFeed(
        uint32 market,
        address aggregator,
        uint256 heartbeat,
        uint256 maxDeviationBps,
        int256 minAnswer,
        int256 maxAnswer,
        uint256 baseDecimals,
        uint256 quoteDecimals
    ) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setReferenceFeed(
            market, aggregator, heartbeat, maxDeviationBps, minAnswer, maxAnswer, baseDecimals, quoteDecimals
        );
    }

    function _setPriceSigners(address[] memory signers, uint256 threshold) internal {
        uint256 count = signers.length;
        if (count == 0 || count > MAX_PRICE_SIGNERS) {
            revert IExchangeErrors.ParameterOutOfRange("priceSignerCount", count, 1, MAX_PRICE_SIGNERS);
        }
        if (threshold == 0 || threshold > count) {
            revert IExchangeErrors.ParameterOutOfRange("priceSignerThreshold", threshold, 1, count);
        }
        address[] storage previous = _priceSigners;
        for (uint256 i = previous.length; i > 0; --i) {
            delete _priceSignerSlot[previous[i - 1]];
            previous.pop();
        }
        for (uint256 i; i < count; ++i) {
            address signer = signers[i];
            if (signer == address(0) || _priceSignerSlot[signer] != 0) revert InvalidPriceSigner(signer);
            _priceSignerSlot[signer] = i + 1;
            previous.push(signer);
        }
        _acceptParameters.signerThreshold = uint8(threshold);
        emit PriceSignersSet(signers, threshold);
    }

    function _setReferenceFeed(
        uint32 market,
        address aggregator,
        uint256 heartbeat,
        uint256 maxDeviationBps,
        int256 minAnswer,
        int256 maxAnswer,
        uint256 baseDecimals,
        uint256 quoteDecimals
    ) internal {
        if (aggregator == address(0)) revert IExchangeErrors.ZeroAddress();
        if (heartbeat < MIN_REFERENCE_HEARTBEAT || heartbeat > REFERENCE_HEARTBEAT_CAP) {
            revert IExchangeErrors.ParameterOutOfRange(
                "referenceHeartbeat", heartbeat, MIN_REFERENCE_HEARTBEAT, REFERENCE_HEARTBEAT_CAP
            );
        }
        if (maxDeviationBps == 0 || maxDeviationBps > DEVIATION_BPS_CAP) {
            revert IExchangeErrors.ParameterOutOfRange("maxDeviationBps", maxDeviationBps, 1, DEVIATION_BPS_CAP);
        }
        if (minAnswer < 0 || minAnswer >= maxAnswer || minAnswer >= type(int128).max) {
            revert InvalidReferenceBounds(minAnswer, maxAnswer);
        }
        uint256 feedDecimals = AggregatorV3Interface(aggregator).decimals();
        _checkDecimals("baseDecimals", baseDecimals);
        _checkDecimals("quoteDecimals", quoteDecimals);
        _checkDecimals("referenceDecimals", feedDecimals);
        // Each term is at most 36, so the exponent is within [-54, 54] and 10^54 fits 256 bits.
        int256 exponent = 18 + int256(quoteDecimals) - int256(baseDecimals) - int256(feedDecimals);
        _referenceFeeds[market] = ReferenceFeed({
            aggregator: AggregatorV3Interface(aggregator),
            heartbeat: uint32(heartbeat),
            maxDeviationBps: uint16(maxDeviationBps),
            scaleExponent: int8(exponent),
            minAnswer: int128(minAnswer),
            maxAnswer: maxAnswer > type(int128).max ? type(int128).max : int128(maxAnswer)
        });
        emit ReferenceFeedSet(market, aggregator, heartbeat, maxDeviationBps, minAnswer, maxAnswer, exponent);
    }

    // ------------------------------------------------------------------ internals

    function _setMaxFutureSkew(uint256 skew) private {
        if (skew > FUTURE_SKEW_CAP) revert IExchangeErrors.ParameterOutOfRange("maxFutureSkew", skew, 0, FUTURE_SKEW_CAP);
        emit MaxFutureSkewSet(_acceptParameters.maxFutureSkew, skew);
        _acceptParameters.maxFutureSkew = uint32(skew);
    }

    function _setMaxConfidenceBps(uint256 bps) private {
        if (bps > CONFIDENCE_BPS_CAP) {
            revert IExchangeErrors.ParameterOutOfRange("maxConfidenceBps", bps, 0, CONFIDENCE_BPS_CAP);
        }
        emit MaxConfidenceBpsSet(_acceptParameters.maxConfidenceBps, bps);
        _acceptParameters.maxConfidenceBps = uint16(bps);
    }

    /// @dev In the constructor the other ages are still zero: the ordering bounds apply only between set ages.
    function _setMaxPriceAge(PriceUse use, uint256 age) private {
        UseParameters memory params = _useParameters;
        uint256 min = 1;
        uint256 max;
        if (use == PriceUse.IncreaseRisk) {
            max = INCREASE_RISK_AGE_CAP;
            if (params.maxAgeReduceRisk != 0 && params.maxAgeReduceRisk < max) max = params.maxAgeReduceRisk;
            if (params.maxAgeLiquidation != 0 && params.maxAgeLiquidation < max) max = params.maxAgeLiquidation;
        } else {
            max = use == PriceUse.Liquidation ? LIQUIDATION_AGE_CAP : REDUCE_RISK_AGE_CAP;
            if (params.maxAgeIncreaseRisk > min) min = params.maxAgeIncreaseRisk;
        }
        if (age < min || age > max) revert IExchangeErrors.ParameterOutOfRange(_ageName(use), age, min, max);
        emit MaxPriceAgeSet(use, maxPriceAge(use), age);
        if (use == PriceUse.IncreaseRisk) _useParameters.maxAgeIncreaseRisk = uint24(age);
        else if (use == PriceUse.Liquidation) _useParameters.maxAgeLiquidation = uint24(age);
        else _useParameters.maxAgeReduceRisk = uint24(age);
    }

    function _setSequencerGracePeriod(uint256 period) private {
        if (period < MIN_SEQUENCER_GRACE_PERIOD || period > SEQUENCER_GRACE_PERIOD_CAP) {
            revert IExchangeErrors.ParameterOutOfRange(
                "sequencerGracePeriod", period, MIN_SEQUENCER_GRACE_PERIOD, SEQUENCER_GRACE_PERIOD_CAP
            );
        }
        emit SequencerGracePeriodSet(_useParameters.sequencerGracePeriod, period);
        _useParameters.sequencerGracePeriod = uint24(period);
    }

    function _checkDecimals(bytes32 name, uint256 decimals) private pure {
        if (decimals > DECIMALS_CAP) revert IExchangeErrors.ParameterOutOfRange(name, decimals, 0, DECIMALS_CAP);
    }

    function _ageName(PriceUse use) private pure returns (bytes32) {
        if (use == PriceUse.IncreaseRisk) return "maxAgeIncreaseRisk";
        if (use == PriceUse.Liquidation) return "maxAgeLiquidation";
        return "maxAgeReduceRisk";
    }
}