# glmnet's side of GaussianVersusGlmnet: lasso regression, glmnet(family = "gaussian", alpha = 1, standardize = TRUE,
# intercept = TRUE) on the engine's λ grid, cross-validated by cv.glmnet on the engine's folds.
#
# Usage (GaussianVersusGlmnet runs it; needs the Debian packages r-base-core and r-cran-glmnet):
#   Rscript benchmarks/glmnet/run-glmnet-gaussian.R DIR NAME [REPEATS]
# Reads DIR/NAME-data.csv (the features, then the response y), DIR/NAME-folds.csv (one fold id per row) and
# DIR/NAME-grid.csv (the λ grid, largest first). Writes:
#   DIR/NAME-times.csv  config, thresh, median wall and CPU ms of cv.glmnet (REPEATS timed runs after one warm-up),
#                       median wall ms of glmnet alone, lambda.min
#   DIR/NAME-coef-CONFIG.csv  one row per λ: k, lambda, a0, then the coefficients (original scale)
# Configs: default (thresh 1e-7), tight (thresh 1e-13, maxit 1e6: the reference).
suppressPackageStartupMessages(library(glmnet))

args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
name <- args[2]
repeats <- if (length(args) >= 3) as.integer(args[3]) else 5
d <- read.csv(file.path(dir, paste0(name, "-data.csv")))
y <- d$y
x <- as.matrix(d[, names(d) != "y"])
foldid <- read.csv(file.path(dir, paste0(name, "-folds.csv")))$fold
grid <- read.csv(file.path(dir, paste0(name, "-grid.csv")))$lambda

configs <- list(default = list(thresh = 1e-7, maxit = 1e5), tight = list(thresh = 1e-13, maxit = 1e6))
rows <- list()
for (cfg in names(configs)) {
  th <- configs[[cfg]]$thresh
  mi <- configs[[cfg]]$maxit
  cv <- function() cv.glmnet(x, y, family = "gaussian", alpha = 1, lambda = grid, foldid = foldid,
                             thresh = th, maxit = mi, type.measure = "mse")
  invisible(cv())  # warm-up
  wall <- numeric(repeats)
  cpu <- numeric(repeats)
  for (r in seq_len(repeats)) {
    t <- system.time(fit <- cv())
    wall[r] <- 1000 * t[["elapsed"]]
    cpu[r] <- 1000 * (t[["user.self"]] + t[["sys.self"]])
  }
  pathWall <- numeric(repeats)
  for (r in seq_len(repeats)) {
    pathWall[r] <- 1000 * system.time(path <- glmnet(x, y, family = "gaussian", alpha = 1, lambda = grid,
                                                     thresh = th, maxit = mi))[["elapsed"]]
  }
  rows[[cfg]] <- data.frame(config = cfg, thresh = th, cv_ms = median(wall), cv_cpu_ms = median(cpu),
                            path_ms = median(pathWall), lambda_min = fit$lambda.min)
  beta <- as.matrix(path$beta)
  coef <- data.frame(k = seq_along(path$lambda) - 1, lambda = sprintf("%.17g", path$lambda),
                     a0 = sprintf("%.17g", path$a0))
  coef <- cbind(coef, t(apply(beta, 2, function(b) sprintf("%.17g", b))))
  write.csv(coef, file.path(dir, paste0(name, "-coef-", cfg, ".csv")), row.names = FALSE, quote = FALSE)
}
write.csv(do.call(rbind, rows), file.path(dir, paste0(name, "-times.csv")), row.names = FALSE, quote = FALSE)
