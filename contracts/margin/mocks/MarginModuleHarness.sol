// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MarginModule} from "../MarginModule.sol";
import {IMarginCustody} from "../IMarginCustody.sol";

/// @notice Test-only: MarginModule with a way to hold positions before the settlement of perpetual fills exists, so
/// test/contracts/margin/margin-module.test.ts can test withdrawals and funding against real positions. Positions are
/// written through the module's own _writePosition, as settlement will.
contract MarginModuleHarness is MarginModule {
    constructor(address admin, address operator, IMarginCustody exchange_, address collateralToken_)
        MarginModule(admin, operator, exchange_, collateralToken_)
    {}

    function writePosition(address account, uint32 id, int256 size, int256 costBasis) external {
        _listedBook(id);
        _settleFunding(account, id);
        _writePosition(account, id, size, costBasis);
    }
}
