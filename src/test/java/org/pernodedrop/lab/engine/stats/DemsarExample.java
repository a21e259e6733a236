package org.pernodedrop.lab.engine.stats;

/**
 * Demšar (JMLR 7, 2006), Table 6: AUC of C4.5, C4.5+m, C4.5+cf and C4.5+m+cf on 14 data sets, as within-data-set
 * ranks (1 = best AUC). The published mean ranks are 3.143, 2.000, 2.893 and 1.964 (rank sums 44, 28, 40.5,
 * 27.5); the text gives chi2_F = 9.28, F_F = 3.69, the critical value of F(3, 39) at 0.05 as 2.85, and
 * CD = 2.569 sqrt(4 * 5 / (6 * 14)) = 1.25 for alpha = 0.05 (1.12 for alpha = 0.10, q = 2.291).
 * <p>
 * The rows below are the table's ranks as remembered here; they reproduce the published rank sums exactly (which
 * is all the statistics use), even if a row should differ from the paper.
 */
final class DemsarExample {

    static final String[] NAMES = {"C4.5", "C4.5+m", "C4.5+cf", "C4.5+m+cf"};

    static final double[][] RANKS = {
            {4, 3, 2, 1},          // adult (sample)
            {1, 2, 3, 4},          // breast cancer
            {4, 1, 2, 3},          // breast cancer wisconsin
            {4, 1, 2.5, 2.5},      // cmc
            {4, 2, 3, 1},          // ionosphere
            {1, 2.5, 4, 2.5},      // iris
            {3, 2, 4, 1},          // liver disorders
            {2.5, 2.5, 4, 1},      // lung cancer
            {4, 3, 2, 1},          // lymphography
            {2.5, 2.5, 2.5, 2.5},  // mushroom
            {4, 2.5, 1, 2.5},      // primary tumor
            {3, 2, 4, 1},          // rheum
            {4, 1, 2.5, 2.5},      // voting
            {3, 1, 4, 2},          // wine
    };

    private DemsarExample() {
    }
}
