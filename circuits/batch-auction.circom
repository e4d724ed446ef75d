pragma circom 2.1.6;

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/comparators.circom";

// Proves that a frequent batch auction over a committed, ordered list of N order slots cleared by the rule of
// engine/matching/auction.ts (docs/engine.md, "Frequent batch auction"); docs/fairness.md says what that means.
//
// Units: limits are price ticks < 2^32, sizes are lots < 2^32 (N <= 64 keeps every sum below 2^38).
// Public inputs (the contract computes them from what it settles):
//   commitment     Poseidon commitment to (batchId, the N slots), posted on-chain when the batch closed
//   meta           clearing price + 2^32 * reference price (price 0 when nothing clears)
//   packedFills[]  the lots filled per slot, seven 32-bit fills per field element, slot 0 in the low bits
//
// Design: every limit is looked up in a strictly increasing list `sorted` of K = N + 1 prices (the candidates and
// spare values); each order's index in that list is a thermometer code (t[k] = [rank >= k]), so demand and supply
// at every listed price, and the queue ahead of each order, are sums of products: O(N^2) constraints of degree 2
// instead of N^2 / 2 integer comparisons.

/// t[k] in {0,1}, non-increasing in k.
template NonIncreasingBits(K) {
    signal input t[K];
    for (var k = 0; k < K; k++) {
        t[k] * (t[k] - 1) === 0;
        if (k > 0) {
            t[k] * (1 - t[k - 1]) === 0;
        }
    }
}

/// Proves t[k] = [v[k] >= 0] for a non-increasing v (|v| < 2^38) and non-increasing bits t: checking the sign at the
/// switch (v >= 0 at the last 1, v < 0 at the first 0) proves it everywhere.
template SignSwitch(K) {
    signal input t[K];
    signal input v[K];
    component bits = NonIncreasingBits(K);
    bits.t <== t;
    signal lastTerm[K];
    signal firstTerm[K];
    var last = 0;
    var first = 0;
    for (var k = 0; k < K; k++) {
        lastTerm[k] <== (t[k] - (k + 1 < K ? t[k + 1] : 0)) * v[k];
        firstTerm[k] <== ((k > 0 ? t[k - 1] : 1) - t[k]) * v[k];
        last += lastTerm[k];
        first += firstTerm[k];
    }
    component lastNonNegative = Num2Bits(39);
    lastNonNegative.in <== last;
    signal firstNegative <== (1 - t[K - 1]) * (-first - 1);
    component firstNegativeBits = Num2Bits(39);
    firstNegativeBits.in <== firstNegative;
}

/// out = Poseidon chain over `elements`, 15 per call, starting from `seed`.
template ChainedPoseidon(M) {
    var CHUNK = 15;
    var CALLS = (M + CHUNK - 1) \ CHUNK;
    signal input seed;
    signal input elements[M];
    signal output out;
    component h[CALLS];
    for (var c = 0; c < CALLS; c++) {
        h[c] = Poseidon(CHUNK + 1);
        h[c].inputs[0] <== c == 0 ? seed : h[c - 1].out;
        for (var j = 0; j < CHUNK; j++) {
            var e = c * CHUNK + j;
            if (e < M) {
                h[c].inputs[j + 1] <== elements[e];
            } else {
                h[c].inputs[j + 1] <== 0;
            }
        }
    }
    out <== h[CALLS - 1].out;
}

template BatchAuction(N) {
    var K = N + 1;
    var PACK = 7;
    var NP = (N + PACK - 1) \ PACK;
    var TWO32 = 4294967296;

    // Public.
    signal input commitment;
    signal input meta;
    signal input packedFills[NP];

    // Private: the committed batch. A padding slot has size 0, side 0, limit 0 and hash 0.
    signal input batchId;
    signal input isBuy[N];
    signal input limit[N];
    signal input size[N];
    signal input orderHash[N]; //   EIP-712 order hash mod p: bound by the commitment, not interpreted here
    signal input reference;

    // Private: hints, each checked below.
    signal input sorted[K]; //      strictly increasing prices: every limit and the reference price, then spare values
    signal input rank[N][K]; //     thermometer code of each slot's index in `sorted`
    signal input refRank[K]; //     thermometer code of the reference price's index (0 when there is none)
    signal input crossing[K]; //    crossing[k] = [demand >= supply at sorted[k]]
    signal input shortAbove[K]; //  shortAbove[k] = [demand above sorted[k] > supply at sorted[k]]
    signal input coverBelow[K]; //  coverBelow[k] = [demand at sorted[k] >= supply below sorted[k]]
    signal input chosen[K]; //      one-hot: the clearing price's index
    signal input marginalBuy; //    the buy limit at which the buy allocation runs out (any value if none)
    signal input marginalSell; //   the same for sells

    // ---- The commitment opens to the slots. ----
    component sizeBits[N];
    signal data[N];
    signal elements[2 * N];
    for (var i = 0; i < N; i++) {
        isBuy[i] * (isBuy[i] - 1) === 0;
        sizeBits[i] = Num2Bits(32);
        sizeBits[i].in <== size[i];
        // limit < 2^32 follows from the lookup into `sorted` below, so this packing is injective.
        data[i] <== isBuy[i] + 2 * limit[i] + 2 * TWO32 * size[i];
        elements[2 * i] <== data[i];
        elements[2 * i + 1] <== orderHash[i];
    }
    component hash = ChainedPoseidon(2 * N);
    hash.seed <== batchId;
    hash.elements <== elements;
    commitment === hash.out;

    // ---- `sorted` is strictly increasing and below 2^32. ----
    component lowest = Num2Bits(32);
    lowest.in <== sorted[0];
    component highest = Num2Bits(32);
    highest.in <== sorted[K - 1];
    component gaps[K - 1];
    for (var k = 0; k + 1 < K; k++) {
        gaps[k] = Num2Bits(32);
        gaps[k].in <== sorted[k + 1] - sorted[k] - 1;
    }

    // ---- Each limit is sorted[rank]. ----
    component rankBits[N];
    signal limitTerm[N][K];
    for (var i = 0; i < N; i++) {
        rankBits[i] = NonIncreasingBits(K);
        rankBits[i].t <== rank[i];
        rank[i][0] === 1;
        var looked = 0;
        for (var k = 0; k < K; k++) {
            limitTerm[i][k] <== (rank[i][k] - (k + 1 < K ? rank[i][k + 1] : 0)) * sorted[k];
            looked += limitTerm[i][k];
        }
        limit[i] === looked;
    }

    // ---- Demand and supply at every listed price. ----
    signal buySize[N];
    for (var i = 0; i < N; i++) {
        buySize[i] <== isBuy[i] * size[i];
    }
    signal demandTerm[N][K];
    signal supplyTerm[N][K];
    signal demand[K];
    signal supply[K];
    for (var k = 0; k < K; k++) {
        var d = 0;
        var s = 0;
        for (var i = 0; i < N; i++) {
            demandTerm[i][k] <== buySize[i] * rank[i][k]; //                       buys with limit >= sorted[k]
            supplyTerm[i][k] <== (size[i] - buySize[i]) * (1 - (k + 1 < K ? rank[i][k + 1] : 0)); // sells <=
            d += demandTerm[i][k];
            s += supplyTerm[i][k];
        }
        demand[k] <== d;
        supply[k] <== s;
    }

    // ---- The reference price is listed (when > 0). ----
    component refIsZero = IsZero();
    refIsZero.in <== reference;
    signal hasReference <== 1 - refIsZero.out;
    component refBits = NonIncreasingBits(K);
    refBits.t <== refRank;
    refRank[0] === 1;
    refIsZero.out * refRank[1] === 0; //                                          no reference: index 0
    signal refTerm[K];
    signal isReference[K];
    var refLooked = 0;
    for (var k = 0; k < K; k++) {
        refTerm[k] <== (refRank[k] - (k + 1 < K ? refRank[k + 1] : 0)) * sorted[k];
        refLooked += refTerm[k];
        isReference[k] <== hasReference * (refRank[k] - (k + 1 < K ? refRank[k + 1] : 0));
    }
    hasReference * (refLooked - reference) === 0;

    // ---- Candidates: listed prices that are some order's limit, or the reference price. ----
    component idle[K];
    signal active[K];
    for (var k = 0; k < K; k++) {
        idle[k] = IsZero();
        // Sizes at this exact price: both are sums of non-negative lots, so the sum is 0 only if both are.
        idle[k].in <== (demand[k] - (k + 1 < K ? demand[k + 1] : 0)) + (supply[k] - (k > 0 ? supply[k - 1] : 0)) + isReference[k];
        active[k] <== 1 - idle[k].out;
    }

    // ---- crossing[k] = [demand >= supply]: demand - supply never increases along `sorted`. ----
    component crossingSwitch = SignSwitch(K);
    crossingSwitch.t <== crossing;
    for (var k = 0; k < K; k++) {
        crossingSwitch.v[k] <== demand[k] - supply[k];
    }

    // ---- full[k]: at sorted[k] every strictly better order is filled in full, i.e. the buys above it total at most
    //      the volume (demand above <= supply) and so do the sells below it (supply below <= demand). Both
    //      differences never increase along `sorted`, so each flag is a sign switch. ----
    component shortAboveSwitch = SignSwitch(K);
    component coverBelowSwitch = SignSwitch(K);
    shortAboveSwitch.t <== shortAbove;
    coverBelowSwitch.t <== coverBelow;
    signal full[K];
    for (var k = 0; k < K; k++) {
        shortAboveSwitch.v[k] <== (k + 1 < K ? demand[k + 1] : 0) - supply[k] - 1;
        coverBelowSwitch.v[k] <== demand[k] - (k > 0 ? supply[k - 1] : 0);
        full[k] <== (1 - shortAbove[k]) * coverBelow[k];
    }

    // ---- Rule 3 as one number per candidate: volume, then -imbalance, then full, then -distance to the reference
    //      (the price itself when there is none), then -price. The chosen candidate's key is >= every candidate's. ----
    signal excess[K];
    signal below[K];
    signal key[K];
    signal volume[K];
    for (var k = 0; k < K; k++) {
        excess[k] <== crossing[k] * (demand[k] - supply[k]); //                    demand - supply when >= 0, else 0
        volume[k] <== demand[k] - excess[k]; //                                    min(demand, supply)
        var imbalance = supply[k] - demand[k] + 2 * excess[k]; //                  |demand - supply|
        below[k] <== (k + 1 < K ? refRank[k + 1] : 0) * (reference - sorted[k]); // reference - price when price < reference
        var distance = sorted[k] - reference + 2 * below[k];
        key[k] <== volume[k] * (1 << 103) + ((1 << 38) - 1 - imbalance) * (1 << 65) + full[k] * (1 << 64) + (TWO32 - 1 - distance) * TWO32 + (TWO32 - 1 - sorted[k]);
    }
    signal chosenKeyTerm[K];
    signal chosenPriceTerm[K];
    signal chosenVolumeTerm[K];
    signal chosenActiveTerm[K];
    signal chosenFullTerm[K];
    var chosenKey = 0;
    var chosenFull = 0;
    var chosenPrice = 0;
    var chosenVolume = 0;
    var chosenActive = 0;
    var chosenCount = 0;
    for (var k = 0; k < K; k++) {
        chosen[k] * (chosen[k] - 1) === 0;
        chosenCount += chosen[k];
        chosenKeyTerm[k] <== chosen[k] * key[k];
        chosenPriceTerm[k] <== chosen[k] * sorted[k];
        chosenVolumeTerm[k] <== chosen[k] * volume[k];
        chosenActiveTerm[k] <== chosen[k] * active[k];
        chosenFullTerm[k] <== chosen[k] * full[k];
        chosenFull += chosenFullTerm[k];
        chosenKey += chosenKeyTerm[k];
        chosenPrice += chosenPriceTerm[k];
        chosenVolume += chosenVolumeTerm[k];
        chosenActive += chosenActiveTerm[k];
    }
    chosenCount === 1;
    signal bestKey <== chosenKey;
    signal clearedVolume <== chosenVolume;
    (1 - chosenActive) * clearedVolume === 0; //                                   a volume is cleared at a candidate only
    signal slack[K];
    component slackBits[K];
    for (var k = 0; k < K; k++) {
        slack[k] <== active[k] * (bestKey - key[k]);
        slackBits[k] = Num2Bits(141);
        slackBits[k].in <== slack[k];
    }
    component nothingClears = IsZero();
    nothingClears.in <== clearedVolume;
    signal price <== (1 - nothingClears.out) * chosenPrice;
    // The rule always finds such a price (docs/engine.md); stating it makes "every order strictly better than the
    // price is filled in full" a direct consequence of this proof together with the allocation below.
    (1 - nothingClears.out) * (1 - chosenFull) === 0;
    meta === price + TWO32 * reference;

    // ---- Allocation (rule 4): each side gets the volume in priority order, better limit first, then slot order.
    //      ahead = lots of the same side with a better limit, plus, at the marginal limit only, earlier slots there.
    //      fill = clamp(volume - ahead, 0, size). A wrong marginal hint only over-fills, which the totals refuse. ----
    signal betterBuyTerm[N][K];
    signal betterSellTerm[N][K];
    component atMarginalBuy[N];
    component atMarginalSell[N];
    signal marginalBuyLots[N];
    signal marginalSellLots[N];
    signal queueBuy[N];
    signal queueSell[N];
    signal ahead[N];
    component opens[N];
    component short[N];
    signal room[N];
    signal fill[N];
    signal buyFill[N];
    var queuedBuys = 0;
    var queuedSells = 0;
    var boughtTotal = 0;
    var filledTotal = 0;
    for (var i = 0; i < N; i++) {
        var betterBuys = 0;
        var betterSells = 0;
        for (var k = 0; k < K; k++) {
            var here = rank[i][k] - (k + 1 < K ? rank[i][k + 1] : 0);
            betterBuyTerm[i][k] <== here * (k + 1 < K ? demand[k + 1] : 0);
            betterSellTerm[i][k] <== here * (k > 0 ? supply[k - 1] : 0);
            betterBuys += betterBuyTerm[i][k];
            betterSells += betterSellTerm[i][k];
        }
        atMarginalBuy[i] = IsEqual();
        atMarginalBuy[i].in <== [limit[i], marginalBuy];
        atMarginalSell[i] = IsEqual();
        atMarginalSell[i].in <== [limit[i], marginalSell];
        queueBuy[i] <== atMarginalBuy[i].out * queuedBuys;
        queueSell[i] <== atMarginalSell[i].out * queuedSells;
        marginalBuyLots[i] <== atMarginalBuy[i].out * buySize[i];
        marginalSellLots[i] <== atMarginalSell[i].out * (size[i] - buySize[i]);
        queuedBuys += marginalBuyLots[i];
        queuedSells += marginalSellLots[i];

        var aheadSell = betterSells + queueSell[i];
        ahead[i] <== aheadSell + isBuy[i] * (betterBuys + queueBuy[i] - aheadSell);
        opens[i] = LessThan(40);
        opens[i].in <== [ahead[i], clearedVolume];
        room[i] <== opens[i].out * (clearedVolume - ahead[i]);
        short[i] = LessThan(40);
        short[i].in <== [room[i], size[i]];
        fill[i] <== size[i] + short[i].out * (room[i] - size[i]);
        buyFill[i] <== isBuy[i] * fill[i];
        boughtTotal += buyFill[i];
        filledTotal += fill[i];
    }
    boughtTotal === clearedVolume;
    filledTotal - boughtTotal === clearedVolume;

    // ---- The fills are the public ones. ----
    for (var c = 0; c < NP; c++) {
        var packed = 0;
        for (var j = 0; j < PACK; j++) {
            if (c * PACK + j < N) {
                packed += fill[c * PACK + j] * (1 << (32 * j));
            }
        }
        packedFills[c] === packed;
    }
}
