package io.smem.path;

import io.smem.fit.FitResult;
import java.util.List;

/**
 * A fitted regularization path (λ decreasing) and the λ chosen from it.
 *
 * @param points       one entry per λ
 * @param rule         the selection rule used
 * @param selected     index of the chosen λ in {@code points}
 * @param folds        number of CV folds (0 if no cross-validation was run)
 * @param timeMillis   wall time of the whole run (path and folds)
 */
public record PathResult(List<PathPoint> points, SelectionRule rule, int selected, int folds, double timeMillis) {

    public PathResult {
        points = List.copyOf(points);
    }

    /** The model at the chosen λ, fitted on all the data. */
    public FitResult selectedFit() {
        return points.get(selected).fit();
    }

    public double selectedLambda() {
        return points.get(selected).lambda();
    }
}
