// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {OraclePrices} from "../oracle/OraclePrices.sol";
import {PriceUpdate, SignedPriceUpdate, PriceUse, PriceFault} from "../oracle/PriceUpdate.sol";
import {PriceUpdateHashing} from "../oracle/PriceUpdateHashing.sol";

/// @notice Test-only: OraclePrices with its internal interface exposed, so test/contracts/margin/oracle.test.ts
/// drives it as the margin module will, and the hashing test compares PriceUpdateHashing with
/// protocol/price-update.ts.
contract OraclePricesHarness is OraclePrices {
    constructor(address admin) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    function acceptPriceUpdates(SignedPriceUpdate[] calldata updates) external {
        _acceptPriceUpdates(updates);
    }

    function indexPrice(uint32 market, PriceUse use) external view returns (uint256 price, PriceFault fault) {
        return _indexPrice(market, use);
    }

    function sequencerFault() external view returns (PriceFault) {
        return _sequencerFault();
    }

    function referencePrice(uint32 market) external view returns (uint256 price, bool usable) {
        return _referencePrice(market);
    }

    /// @notice Gas of _acceptPriceUpdates alone (no call, calldata or 21,000 base), for the gas note.
    function acceptPriceUpdatesGas(SignedPriceUpdate[] calldata updates) external returns (uint256 gasUsed) {
        gasUsed = gasleft();
        _acceptPriceUpdates(updates);
        gasUsed -= gasleft();
    }

    /// @notice Gas of one _indexPrice (cold storage when called alone in a transaction or eth_call).
    function indexPriceGas(uint32 market, PriceUse use) external view returns (uint256 gasUsed) {
        gasUsed = gasleft();
        _indexPrice(market, use);
        gasUsed -= gasleft();
    }

    function priceUpdateTypehash() external pure returns (bytes32) {
        return PriceUpdateHashing.PRICE_UPDATE_TYPEHASH;
    }

    function hashPriceUpdate(PriceUpdate calldata update) external pure returns (bytes32) {
        return PriceUpdateHashing.hash(update);
    }

    function priceUpdateDigest(PriceUpdate calldata update) external view returns (bytes32) {
        return PriceUpdateHashing.digest(PriceUpdateHashing.domainSeparator(address(this)), update);
    }

    /// @notice The update packed in `signed`, as the contract reads it.
    function unpackPriceUpdate(SignedPriceUpdate calldata signed) external pure returns (PriceUpdate memory) {
        return PriceUpdateHashing.unpack(signed);
    }
}
