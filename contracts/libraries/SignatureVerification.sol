// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

/// @notice Whether `signer` signed `digest`: a 65-byte ECDSA signature (r, s, v) by the signer's key or,
/// when the signer is a contract, its EIP-1271 `isValidSignature` answer.
/// @dev ECDSA is tried first, so a plain account costs no EXTCODESIZE (a cold account access).
/// OpenZeppelin's recovery rejects high-s and invalid v; a recovered zero address never equals a signer,
/// since the zero address is refused as a signer.
library SignatureVerification {
    function isValid(address signer, bytes32 digest, bytes calldata signature) internal view returns (bool) {
        if (signer == address(0)) return false;
        if (signature.length == 65) {
            bytes32 r;
            bytes32 s;
            uint8 v;
            assembly ("memory-safe") {
                r := calldataload(signature.offset)
                s := calldataload(add(signature.offset, 0x20))
                v := byte(0, calldataload(add(signature.offset, 0x40)))
            }
            (address recovered, ECDSA.RecoverError error,) = ECDSA.tryRecover(digest, v, r, s);
            if (error == ECDSA.RecoverError.NoError && recovered == signer) return true;
        }
        return signer.code.length != 0 && SignatureChecker.isValidERC1271SignatureNow(signer, digest, signature);
    }
}
