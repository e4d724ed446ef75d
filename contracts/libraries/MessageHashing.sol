// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Withdrawal} from "../types/Withdrawal.sol";
import {CancelOrder, CancelAll} from "../types/Cancel.sol";

/// @notice EIP-712 struct hashes of the account messages other than orders.
library MessageHashing {
    bytes32 internal constant WITHDRAWAL_TYPEHASH = keccak256(
        "Withdrawal(address account,address token,uint256 amount,address recipient,uint64 nonce,uint40 expiry)"
    );
    bytes32 internal constant CANCEL_ORDER_TYPEHASH = keccak256("CancelOrder(address maker,bytes32 orderHash)");
    bytes32 internal constant CANCEL_ALL_TYPEHASH =
        keccak256("CancelAll(address maker,address baseToken,address quoteToken,uint64 issuedAt)");

    function hash(Withdrawal calldata w) internal pure returns (bytes32) {
        return keccak256(abi.encode(WITHDRAWAL_TYPEHASH, w.account, w.token, w.amount, w.recipient, w.nonce, w.expiry));
    }

    function hash(CancelOrder memory c) internal pure returns (bytes32) {
        return keccak256(abi.encode(CANCEL_ORDER_TYPEHASH, c.maker, c.orderHash));
    }

    function hash(CancelAll memory c) internal pure returns (bytes32) {
        return keccak256(abi.encode(CANCEL_ALL_TYPEHASH, c.maker, c.baseToken, c.quoteToken, c.issuedAt));
    }
}
