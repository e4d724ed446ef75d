// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice The few cheatcodes our Solidity tests use (Hardhat 3 serves them at the standard address;
/// forge-std is not a dependency, so the interface is declared here).
// Named as every Solidity test suite knows it.
// solhint-disable-next-line interface-starts-with-i
interface Vm {
    function prank(address sender) external;
    function startPrank(address sender) external;
    function stopPrank() external;
    function warp(uint256 timestamp) external;
    function addr(uint256 privateKey) external pure returns (address);
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);
    function expectRevert(bytes calldata revertData) external;
    function assume(bool condition) external pure;
    function label(address account, string calldata name) external;
}

Vm constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
