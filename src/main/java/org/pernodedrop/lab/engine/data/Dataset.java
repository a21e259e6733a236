package org.pernodedrop.lab.engine.data;

import java.util.List;

/**
 * A loaded dataset. {@code inputShape} is channels-first: {@code [2]} for 2-D points,
 * {@code [1, 28, 28]} for Fashion-MNIST, {@code [3, 32, 32]} for CIFAR-10, {@code [1, mels, frames]} for
 * spectrograms, {@code [features]} for text. {@code origin} says where it came from (a path or "embedded").
 */
public record Dataset(String name, int[] inputShape, List<String> classNames, boolean multiLabel,
                      Split train, Split val, String origin) {

    public int featureCount() {
        int n = 1;
        for (int d : inputShape) n *= d;
        return n;
    }

    public int classes() {
        return classNames.size();
    }
}
