// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";

/// @notice Test-only EIP-1271 wallet whose signature check always reverts.
contract RevertingWallet is IERC1271 {
    error SignatureCheckRefused(bytes32 hash);

    function isValidSignature(bytes32 hash, bytes calldata) external pure returns (bytes4) {
        revert SignatureCheckRefused(hash);
    }
}
