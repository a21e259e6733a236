package org.pernodedrop.lab.engine.stats;

/**
 * One equal-width confidence bin of a reliability diagram.
 *
 * @param lower          lower edge (exclusive, except the first bin which includes 0)
 * @param upper          upper edge (inclusive)
 * @param count          predictions whose confidence falls in the bin
 * @param meanConfidence mean top-class probability in the bin (NaN when empty)
 * @param accuracy       fraction of those predictions that are correct (NaN when empty)
 */
public record ReliabilityBin(double lower, double upper, int count, double meanConfidence, double accuracy) {

    /** |accuracy - confidence|, the bin's calibration gap; 0 for an empty bin. */
    public double gap() {
        return count == 0 ? 0.0 : Math.abs(accuracy - meanConfidence);
    }
}
