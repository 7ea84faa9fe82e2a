package io.smem.bench.glmnet;

import io.smem.fit.FitOptions;
import io.smem.fit.FitResult;
import io.smem.fit.SmEm;
import io.smem.fit.TrainingData;
import io.smem.path.RegularizationPath;
import java.util.List;
import java.util.Locale;

/**
 * Where the time of a path + CV goes: the full-data path and each fold's path on the engine's 40-point grid, with
 * wall time, EM iterations, data passes and unconverged fits, and the costliest λ of each.
 */
final class Diagnose {

    private Diagnose() {
    }

    static void run(List<String> names, int count) throws Exception {
        for (String name : names) {
            GlmnetProblem problem = GlmnetProblem.load(name);
            FitOptions base = GlmnetProblem.options();
            double[] grid = problem.engineGrid(count);
            for (int warm = 0; warm < 2; warm++) {
                RegularizationPath.fits(SmEm.prepare(problem.data, base), base, grid, null);
            }
            report(name + " full", problem.data, base, grid);
            int[] fold = problem.folds();
            for (int k = 0; k < GlmnetProblem.FOLDS; k++) {
                TrainingData sub = problem.trainingPart(fold, k);
                report(name + " fold " + (k + 1), sub, base, grid);
            }
        }
    }

    private static void report(String label, TrainingData data, FitOptions base, double[] grid) {
        long t0 = System.nanoTime();
        List<FitResult> fits = RegularizationPath.fits(SmEm.prepare(data, base), base, grid, null);
        double ms = (System.nanoTime() - t0) / 1e6;
        int iterations = 0;
        double passes = 0;
        int unconverged = 0;
        int worst = 0;
        for (int l = 0; l < fits.size(); l++) {
            FitResult f = fits.get(l);
            iterations += f.iterations();
            passes += f.dataPasses();
            if (!f.converged()) {
                unconverged++;
            }
            if (f.timeMillis() > fits.get(worst).timeMillis()) {
                worst = l;
            }
        }
        FitResult w = fits.get(worst);
        System.out.printf(Locale.ROOT, "%-20s %8.0f ms  %5d it  %7.0f passes  %d unconverged  worst λ #%d: %.0f ms, "
                + "%d it, %.0f passes, %s (%s)%n", label, ms, iterations, passes, unconverged, worst + 1,
                w.timeMillis(), w.iterations(), w.dataPasses(), w.acceleration(), w.message());
    }
}
