package io.smem.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smem.fit.FitResult;
import io.smem.path.PathPoint;
import io.smem.path.PathResult;

/** The {@code selection} and {@code path} members of the JSON (field names are a public contract). */
final class PathJson {

    private PathJson() {
    }

    static void addPath(ObjectNode doc, PathResult path) {
        ObjectNode sel = doc.putObject("selection");
        sel.put("rule", path.rule().cliName());
        sel.put("lambda", path.selectedLambda());
        sel.put("index", path.selected());
        sel.put("folds", path.folds());
        doc.put("pathTimeMillis", path.timeMillis());
        ArrayNode arr = doc.putArray("path");
        for (PathPoint pt : path.points()) {
            FitResult f = pt.fit();
            ObjectNode o = arr.addObject();
            o.put("lambda", pt.lambda());
            JsonOutput.putModel(o, f);
            JsonOutput.putNumberOrNull(o, "df", pt.df());
            o.put("nonZeros", f.nonZeros());
            o.put("objective", f.objective());
            o.put("deviance", pt.deviance());
            o.put("iterations", f.iterations());
            o.put("converged", f.converged());
            if (path.folds() > 0) {
                JsonOutput.putNumberOrNull(o, "cvMean", pt.cvMean());
                JsonOutput.putNumberOrNull(o, "cvSe", pt.cvSe());
                JsonOutput.putNumberOrNull(o, "cvMisclassification", pt.cvMisclassification());
            }
            JsonOutput.putNumberOrNull(o, "aic", pt.aic());
            JsonOutput.putNumberOrNull(o, "bic", pt.bic());
            JsonOutput.putNumberOrNull(o, "ebic", pt.ebic());
        }
    }
}
