// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";

/// @notice Assertions that fail with the values compared, and `bound` for fuzzed inputs (forge-std is not a
/// dependency). A failed assertion reverts, which fails the test.
abstract contract Assertions {
    using Strings for uint256;

    function assertEq(uint256 actual, uint256 expected, string memory what) internal pure {
        if (actual != expected) revert(string.concat(what, ": ", actual.toString(), " != ", expected.toString()));
    }

    function assertEq(address actual, address expected, string memory what) internal pure {
        if (actual != expected) {
            revert(string.concat(what, ": ", Strings.toHexString(actual), " != ", Strings.toHexString(expected)));
        }
    }

    function assertEq(bytes32 actual, bytes32 expected, string memory what) internal pure {
        if (actual != expected) {
            revert(string.concat(what, ": ", uint256(actual).toHexString(32), " != ", uint256(expected).toHexString(32)));
        }
    }

    function assertTrue(bool condition, string memory what) internal pure {
        if (!condition) revert(string.concat(what, ": expected true"));
    }

    function assertFalse(bool condition, string memory what) internal pure {
        if (condition) revert(string.concat(what, ": expected false"));
    }

    function assertLe(uint256 left, uint256 right, string memory what) internal pure {
        if (left > right) revert(string.concat(what, ": ", left.toString(), " > ", right.toString()));
    }

    function assertGe(uint256 left, uint256 right, string memory what) internal pure {
        if (left < right) revert(string.concat(what, ": ", left.toString(), " < ", right.toString()));
    }

    /// @dev Maps `x` into [min, max], keeping values already inside unchanged (so the fuzzer's edge values stay edges).
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "bound: min > max");
        if (x >= min && x <= max) return x;
        uint256 span = max - min;
        if (span == type(uint256).max) return x;
        return min + x % (span + 1);
    }
}
