// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
contract Hello is AccessControl { uint256 public x; function set(uint256 v) external { x = v; } }
