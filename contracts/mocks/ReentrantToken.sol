// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Simulates a token with a transfer hook (ERC-777-like) that calls back into another contract before
/// the balances move: once armed with a target and calldata, the next transfer (not mint or burn) makes that
/// call and bubbles up its revert. Minting is public, for tests.
contract ReentrantToken is ERC20 {
    address public target;
    bytes public callData;

    constructor() ERC20("Reentrant", "REENTER") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Makes the next transfer call `target_` with `callData_` (e.g. the exchange's deposit, withdraw,
    /// exitWithdraw or settle).
    function arm(address target_, bytes calldata callData_) external {
        target = target_;
        callData = callData_;
    }

    function _update(address from, address to, uint256 value) internal override {
        address callee = target;
        if (callee != address(0) && from != address(0) && to != address(0)) {
            target = address(0); // one shot: the callback's own transfers do not re-enter again
            // The arbitrary call that re-enters is the point of this mock.
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, bytes memory result) = callee.call(callData);
            if (!ok) {
                assembly ("memory-safe") {
                    revert(add(result, 0x20), mload(result))
                }
            }
        }
        super._update(from, to, value);
    }
}
