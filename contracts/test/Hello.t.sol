// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;
import {Hello} from "../Hello.sol";
contract HelloTest { Hello h; function setUp() public { h = new Hello(); }
 function testFuzz_set(uint256 v) public { h.set(v); require(h.x() == v, "x"); } }
