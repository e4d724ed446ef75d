// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {IExchangeErrors} from "../interfaces/IExchangeErrors.sol";

/// @notice Whether `signer` signed `digest`: an ECDSA signature by the signer's key or, when the signer is a
/// contract, its EIP-1271 `isValidSignature` answer.
/// @dev ECDSA is tried first, so a plain account costs no EXTCODESIZE (a cold account access). High-s and invalid
/// v are refused (OpenZeppelin ECDSA's rules); a recovered zero address never equals a signer, since the zero
/// address is refused as a signer. A wallet gets at most WALLET_GAS for its answer, and only 32 bytes of it are
/// read, so a wallet cannot burn a batch's gas.
library SignatureVerification {
    /// @dev secp256k1n / 2
    uint256 private constant HALF_ORDER = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;
    uint256 internal constant WALLET_GAS = 100_000;
    /// @dev Gas the wallet call itself may cost before the wallet runs (cold account access, memory, copying).
    uint256 private constant WALLET_CALL_OVERHEAD = 5_000;

    /// @notice ECDSA with (r, s, v) as in a 65-byte signature.
    function isValidECDSA(address signer, bytes32 digest, bytes32 r, bytes32 s, uint8 v) internal pure returns (bool) {
        return signer != address(0) && uint256(s) <= HALF_ORDER && (v == 27 || v == 28)
            && ecrecover(digest, v, r, s) == signer;
    }

    /// @notice The signature split from EIP-2098 compact form: vs = (v - 27) << 255 | s.
    function splitCompact(bytes32 vs) internal pure returns (bytes32 s, uint8 v) {
        s = vs & bytes32(type(uint256).max >> 1);
        v = uint8(uint256(vs) >> 255) + 27;
    }

    /// @notice Whether the contract `wallet` accepts `signature` for `digest` under EIP-1271.
    function isValidWalletSignature(address wallet, bytes32 digest, bytes memory signature)
        internal
        view
        returns (bool valid)
    {
        if (wallet.code.length == 0) return false;
        bytes memory request = abi.encodeCall(IERC1271.isValidSignature, (digest, signature));
        // A call gets at most 63/64 of the gas left (EIP-150). Without this check a low gas limit (an estimated
        // one, or a hostile caller's) would starve the wallet into refusing an order it accepts.
        if (gasleft() < (WALLET_GAS * 64) / 63 + WALLET_CALL_OVERHEAD) {
            revert IExchangeErrors.InsufficientGasForWallet(wallet);
        }
        bytes4 magic = IERC1271.isValidSignature.selector;
        uint256 gasLimit = WALLET_GAS;
        assembly ("memory-safe") {
            let ok := staticcall(gasLimit, wallet, add(request, 0x20), mload(request), 0x00, 0x20)
            valid := and(and(ok, gt(returndatasize(), 0x1f)), eq(mload(0x00), magic))
        }
    }

    /// @notice A 65-byte ECDSA signature by `signer`, or else the answer of `signer` as an EIP-1271 wallet.
    function isValid(address signer, bytes32 digest, bytes calldata signature) internal view returns (bool) {
        if (signature.length == 65) {
            bytes32 r;
            bytes32 s;
            uint8 v;
            assembly ("memory-safe") {
                r := calldataload(signature.offset)
                s := calldataload(add(signature.offset, 0x20))
                v := byte(0, calldataload(add(signature.offset, 0x40)))
            }
            if (isValidECDSA(signer, digest, r, s, v)) return true;
        }
        return isValidWalletSignature(signer, digest, signature);
    }
}
