// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {IExchange} from "../interfaces/IExchange.sol";

/// @notice Roles and bounded parameters. The admin (DEFAULT_ADMIN_ROLE) sets parameters, grants roles and
/// pauses; the operator settles batches and executes signed withdrawals; the auction settler (the AuctionSettlement
/// contract, which checks a proof of fair clearing first) settles batches, and only it may settle an order flagged
/// auction-only. There is no upgrade path.
abstract contract ExchangeConfig is AccessControl, Pausable, IExchange {
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");
    bytes32 public constant AUCTION_SETTLER_ROLE = keccak256("AUCTION_SETTLER_ROLE");

    uint256 public constant MAX_CANCEL_DELAY = 1 days;
    uint256 public constant MIN_EXIT_DELAY = 10 minutes;
    uint256 public constant MAX_EXIT_DELAY = 14 days;

    /// @dev One slot: settlement reads the fee recipient once per batch.
    struct Parameters {
        address feeRecipient;
        uint32 cancelDelay;
        uint32 exitDelay;
    }

    Parameters internal _parameters;

    constructor(address admin, address operator, address feeRecipient_, uint256 cancelDelay_, uint256 exitDelay_) {
        if (admin == address(0) || operator == address(0)) revert ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(OPERATOR_ROLE, operator);
        _setFeeRecipient(feeRecipient_);
        _setCancelDelay(cancelDelay_);
        _setExitDelay(exitDelay_);
    }

    /// @inheritdoc IExchange
    function cancelDelay() public view returns (uint256) {
        return _parameters.cancelDelay;
    }

    /// @inheritdoc IExchange
    function exitDelay() public view returns (uint256) {
        return _parameters.exitDelay;
    }

    /// @inheritdoc IExchange
    function feeRecipient() public view returns (address) {
        return _parameters.feeRecipient;
    }

    /// @inheritdoc IExchange
    function setCancelDelay(uint256 delay) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setCancelDelay(delay);
    }

    /// @inheritdoc IExchange
    function setExitDelay(uint256 delay) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setExitDelay(delay);
    }

    /// @inheritdoc IExchange
    function setFeeRecipient(address recipient) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setFeeRecipient(recipient);
    }

    /// @inheritdoc IExchange
    function pause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _pause();
    }

    /// @inheritdoc IExchange
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }

    function _setCancelDelay(uint256 delay) private {
        if (delay > MAX_CANCEL_DELAY) revert ParameterOutOfRange("cancelDelay", delay, 0, MAX_CANCEL_DELAY);
        emit CancelDelaySet(_parameters.cancelDelay, delay);
        _parameters.cancelDelay = uint32(delay);
    }

    function _setExitDelay(uint256 delay) private {
        if (delay < MIN_EXIT_DELAY || delay > MAX_EXIT_DELAY) {
            revert ParameterOutOfRange("exitDelay", delay, MIN_EXIT_DELAY, MAX_EXIT_DELAY);
        }
        emit ExitDelaySet(_parameters.exitDelay, delay);
        _parameters.exitDelay = uint32(delay);
    }

    function _setFeeRecipient(address recipient) private {
        if (recipient == address(0)) revert ZeroAddress();
        emit FeeRecipientSet(_parameters.feeRecipient, recipient);
        _parameters.feeRecipient = recipient;
    }
}
