// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";

/// @notice Test-only EIP-1271 wallet that accepts or refuses every signature, as last set by anyone:
/// a wallet that can change its mind between signing and settlement.
contract ToggleWallet is IERC1271 {
    bool public accepting;

    constructor(bool accepting_) {
        accepting = accepting_;
    }

    function setAccepting(bool accepting_) external {
        accepting = accepting_;
    }

    function isValidSignature(bytes32, bytes calldata) external view returns (bytes4) {
        return accepting ? IERC1271.isValidSignature.selector : bytes4(0xffffffff);
    }
}
