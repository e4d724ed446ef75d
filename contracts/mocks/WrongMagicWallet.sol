// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";

/// @notice Test-only EIP-1271 wallet that answers every signature check, without reverting, with a value
/// other than the magic value: a wallet that refuses.
contract WrongMagicWallet is IERC1271 {
    bytes4 public constant ANSWER = 0xffffffff;

    function isValidSignature(bytes32, bytes calldata) external pure returns (bytes4) {
        return ANSWER;
    }
}
