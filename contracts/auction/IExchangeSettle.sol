// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Batch} from "../types/Batch.sol";

/// @notice The part of the Exchange that the auction settlement drives.
interface IExchangeSettle {
    function settle(Batch calldata batch) external;
}
