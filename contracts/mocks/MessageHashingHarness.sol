// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {MessageHashing} from "../libraries/MessageHashing.sol";
import {Withdrawal} from "../types/Withdrawal.sol";
import {CancelOrder, CancelAll} from "../types/Cancel.sol";

/// @notice Test-only: exposes MessageHashing (typehashes, struct hashes, digests under a given domain
/// separator) so that test/contracts/hashing.test.ts can compare it with protocol/messages.ts.
contract MessageHashingHarness {
    function withdrawalTypehash() external pure returns (bytes32) {
        return MessageHashing.WITHDRAWAL_TYPEHASH;
    }

    function cancelOrderTypehash() external pure returns (bytes32) {
        return MessageHashing.CANCEL_ORDER_TYPEHASH;
    }

    function cancelAllTypehash() external pure returns (bytes32) {
        return MessageHashing.CANCEL_ALL_TYPEHASH;
    }

    function hashWithdrawal(Withdrawal calldata withdrawal) external pure returns (bytes32) {
        return MessageHashing.hash(withdrawal);
    }

    function hashCancelOrder(CancelOrder calldata cancel) external pure returns (bytes32) {
        return MessageHashing.hash(cancel);
    }

    function hashCancelAll(CancelAll calldata cancel) external pure returns (bytes32) {
        return MessageHashing.hash(cancel);
    }

    /// @notice The EIP-712 digest of `cancel` under the domain whose separator is `separator`.
    function cancelOrderDigest(bytes32 separator, CancelOrder calldata cancel) external pure returns (bytes32) {
        return MessageHashUtils.toTypedDataHash(separator, MessageHashing.hash(cancel));
    }

    /// @notice The EIP-712 digest of `cancel` under the domain whose separator is `separator`.
    function cancelAllDigest(bytes32 separator, CancelAll calldata cancel) external pure returns (bytes32) {
        return MessageHashUtils.toTypedDataHash(separator, MessageHashing.hash(cancel));
    }
}
