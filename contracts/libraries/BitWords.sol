// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @dev A set of bits stored in 256-bit words (the settled batches, the flagged-accounts filter): bit `i` is bit
/// `i & BIT_IN_WORD_MASK` of word `i >> BIT_WORD_SHIFT`.
uint256 constant BIT_WORD_SHIFT = 8;
uint256 constant BIT_IN_WORD_MASK = 0xff;
