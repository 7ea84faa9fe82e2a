# Runs glmnet on the engine's problems and writes the small golden files that VersusGlmnet compares against, so that
# the benchmark (and any test) runs without R.
#
# Usage, from the repository root (needs the Debian packages r-base-core and r-cran-glmnet):
#   Rscript benchmarks/glmnet/run-glmnet.R [--repeats N] [--tight T] [DATA ...]
# DATA: spambase breast-cancer sonar ionosphere (default: all). --repeats: timed runs per default-threshold setting
# (default 5, plus one untimed warm-up); the slow tight and intermediate thresholds are timed once.
#
# Inputs (written by `VersusGlmnet export`): benchmarks/glmnet/folds-DATA.csv (the engine's class index y and
# stratified seeded fold of every row, used as glmnet's foldid) and benchmarks/glmnet/grid-DATA.csv (the engine's
# 40- and 100-point λ grids). The features are read from datasets/DATA.csv (every column but the last).
#
# Problem: binary logistic lasso, glmnet(family = "binomial", alpha = 1, standardize = TRUE, intercept = TRUE),
# cross-validated by cv.glmnet(type.measure = "deviance", foldid = the engine's folds). Settings (one "config" each):
#   glmnet40, glmnet100  glmnet's own grid (nlambda = 40 / 100), default thresh 1e-7
#   engine40, engine100  the engine's grid passed as lambda =, thresh 1e-7 (default), 1e-9 and 1e-10 (40 only), and
#                        the tight thresh (default 1e-12, with maxit = 1e6 passes instead of glmnet's 1e5, which do
#                        not reach 1e-12 at sonar's smallest λ), whose coefficients are the reference path
#
# Outputs in benchmarks/glmnet/golden/:
#   DATA-runs.csv  one row per config: times of cv.glmnet (wall and CPU) and of glmnet alone (wall), median and
#                  every run, ms; number of λ returned, lambda.min / lambda.1se (value and 1-based index), glmnet's
#                  warnings
#   DATA-path.csv  one row per config and λ: λ (glmnet's grids only), objective (glmnet's convention, below),
#                  non-zeros, cvm, cvsd, and for the engine grids the largest |coefficient difference| to the tight
#                  fit (original scale)
#   DATA-coef.csv.gz  gzipped (the largest of the three): the tight fits' coefficients on the engine grids
#                  (original scale, 12 significant digits; zeros written as 0): config, k, a0, then one column
#                  per feature
# Objective (the spec's, glmnet's): (1/n) Σ [log(1 + exp(η)) − y η] + λ Σ_j s_j |β_j|, s_j the population standard
# deviation of feature j, β on the original scale.
suppressPackageStartupMessages(library(glmnet))

args <- commandArgs(trailingOnly = TRUE)
repeats <- 5
tight <- 1e-12
tight_maxit <- 1e6  # glmnet's default 1e5 passes do not reach 1e-12 at the smallest λ of sonar
data_names <- character(0)
i <- 1
while (i <= length(args)) {
  a <- args[i]
  if (a == "--repeats") { repeats <- as.integer(args[i + 1]); i <- i + 2 }
  else if (a == "--tight") { tight <- as.numeric(args[i + 1]); i <- i + 2 }
  else { data_names <- c(data_names, a); i <- i + 1 }
}
if (length(data_names) == 0) data_names <- c("spambase", "breast-cancer", "sonar", "ionosphere")
dir <- file.path("benchmarks", "glmnet")
out <- file.path(dir, "golden")
dir.create(out, showWarnings = FALSE, recursive = TRUE)
if (!file.exists(file.path("datasets", "spambase.csv"))) stop("run from the repository root")

fmt17 <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
fmt12 <- function(v) ifelse(is.na(v), "NA", ifelse(v == 0, "0", sprintf("%.12g", v)))
fmt10 <- function(v) ifelse(is.na(v), "NA", sprintf("%.10g", v))

# Runs expr, collecting warnings instead of printing them; returns list(value, warnings).
quietly <- function(expr) {
  msgs <- character(0)
  value <- withCallingHandlers(expr, warning = function(w) {
    msgs <<- c(msgs, conditionMessage(w))
    invokeRestart("muffleWarning")
  })
  list(value = value, warnings = unique(msgs))
}

# Wall time and CPU time (user + system of this process) in ms; CPU time is what survives a busy shared machine.
elapsed_ms <- function(expr_fun) {
  t <- system.time(r <- expr_fun())
  list(ms = 1000 * t[["elapsed"]], cpu = 1000 * (t[["user.self"]] + t[["sys.self"]]), value = r)
}

for (name in data_names) {
  d <- read.csv(file.path("datasets", paste0(name, ".csv")), check.names = FALSE)
  x <- as.matrix(d[, -ncol(d)])
  folds <- read.csv(file.path(dir, paste0("folds-", name, ".csv")), colClasses = c("integer", "character", "integer",
                                                                                  "integer"))
  stopifnot(nrow(folds) == nrow(x), all(folds$row == seq_len(nrow(x))))
  stopifnot(all(as.character(d[[ncol(d)]]) == folds$label))  # same rows in the same order
  y <- folds$y
  foldid <- folds$fold
  grids <- read.csv(file.path(dir, paste0("grid-", name, ".csv")))
  n <- nrow(x)
  s <- sqrt(colMeans(sweep(x, 2, colMeans(x))^2))

  objective <- function(fit) {
    B <- as.matrix(fit$beta)
    eta <- sweep(x %*% B, 2, fit$a0, "+")
    loss <- colMeans(pmax(eta, 0) + log1p(exp(-abs(eta))) - y * eta)
    loss + fit$lambda * colSums(abs(B) * s)
  }

  cv_run <- function(lambda, nlambda, thresh, maxit) {
    if (is.null(lambda)) {
      cv.glmnet(x, y, family = "binomial", alpha = 1, nlambda = nlambda, thresh = thresh, maxit = maxit,
                foldid = foldid, type.measure = "deviance")
    } else {
      cv.glmnet(x, y, family = "binomial", alpha = 1, lambda = lambda, thresh = thresh, maxit = maxit,
                foldid = foldid, type.measure = "deviance")
    }
  }
  path_run <- function(lambda, nlambda, thresh, maxit) {
    if (is.null(lambda)) {
      glmnet(x, y, family = "binomial", alpha = 1, nlambda = nlambda, thresh = thresh, maxit = maxit)
    } else {
      glmnet(x, y, family = "binomial", alpha = 1, lambda = lambda, thresh = thresh, maxit = maxit)
    }
  }

  configs <- list(
    list(config = "glmnet40", grid = "glmnet", count = 40, thresh = 1e-7, runs = repeats),
    list(config = "glmnet100", grid = "glmnet", count = 100, thresh = 1e-7, runs = repeats),
    list(config = "engine40", grid = "engine", count = 40, thresh = 1e-7, runs = repeats),
    list(config = "engine100", grid = "engine", count = 100, thresh = 1e-7, runs = repeats),
    list(config = "engine40", grid = "engine", count = 40, thresh = 1e-9, runs = 1),
    list(config = "engine40", grid = "engine", count = 40, thresh = 1e-10, runs = 1),
    list(config = "engine40", grid = "engine", count = 40, thresh = tight, runs = 1, tight = TRUE),
    list(config = "engine100", grid = "engine", count = 100, thresh = tight, runs = 1, tight = TRUE))
  # Tight fits first, so that the others can be compared with them.
  configs <- configs[order(!sapply(configs, function(cfg) isTRUE(cfg$tight)))]

  runs_rows <- character(0)
  path_rows <- character(0)
  coef_rows <- character(0)
  tight_fit <- list()
  for (cfg in configs) {
    lambda <- if (cfg$grid == "engine") grids$lambda[grids$count == cfg$count] else NULL
    if (!is.null(lambda)) stopifnot(length(lambda) == cfg$count)
    # Untimed warm-up of the default-threshold settings (the first call of a session loads code).
    maxit <- if (isTRUE(cfg$tight)) tight_maxit else 1e5  # 1e5 is glmnet's default
    if (cfg$runs > 1) invisible(quietly(cv_run(lambda, cfg$count, cfg$thresh, maxit)))
    cv_ms <- numeric(0)
    cv_cpu <- numeric(0)
    path_ms <- numeric(0)
    for (r in seq_len(cfg$runs)) {
      t <- elapsed_ms(function() quietly(cv_run(lambda, cfg$count, cfg$thresh, maxit)))
      cv_ms <- c(cv_ms, t$ms)
      cv_cpu <- c(cv_cpu, t$cpu)
      res <- t$value
      t2 <- elapsed_ms(function() quietly(path_run(lambda, cfg$count, cfg$thresh, maxit)))
      path_ms <- c(path_ms, t2$ms)
    }
    cv <- res$value
    fit <- cv$glmnet.fit
    warn <- unique(c(res$warnings, t2$warnings))
    L <- length(fit$lambda)
    obj <- objective(fit)
    nz <- colSums(as.matrix(fit$beta) != 0)
    coefs <- rbind(fit$a0, as.matrix(fit$beta))  # (p + 1) x L
    key <- paste(cfg$config, cfg$count, sep = ":")
    maxdiff <- rep(NA_real_, L)
    if (isTRUE(cfg$tight)) {
      tight_fit[[key]] <- coefs
      for (k in seq_len(L)) {
        coef_rows <- c(coef_rows, paste(c(cfg$config, k, fmt12(coefs[, k])), collapse = ","))
      }
    } else if (cfg$grid == "engine" && !is.null(tight_fit[[key]])) {
      ref <- tight_fit[[key]]
      m <- min(L, ncol(ref))
      maxdiff[seq_len(m)] <- apply(abs(coefs[, seq_len(m), drop = FALSE] - ref[, seq_len(m), drop = FALSE]), 2, max)
    }
    idx_min <- match(cv$lambda.min, cv$lambda)
    idx_1se <- match(cv$lambda.1se, cv$lambda)
    runs_rows <- c(runs_rows, paste(
      cfg$config, cfg$count, sprintf("%g", cfg$thresh), L, length(cv_ms),
      sprintf("%.1f", median(cv_ms)), paste(sprintf("%.0f", cv_ms), collapse = ";"),
      sprintf("%.1f", median(cv_cpu)), paste(sprintf("%.0f", cv_cpu), collapse = ";"),
      sprintf("%.1f", median(path_ms)), paste(sprintf("%.0f", path_ms), collapse = ";"),
      fmt17(fit$lambda[1]), fmt17(cv$lambda.min), idx_min, fmt17(cv$lambda.1se), idx_1se,
      paste0('"', gsub('"', "'", paste(warn, collapse = " | ")), '"'), sep = ","))
    for (k in seq_len(L)) {
      # λ written only for glmnet's own grids (the engine's are in grid-DATA.csv)
      lam <- if (cfg$grid == "glmnet") fmt17(fit$lambda[k]) else ""
      path_rows <- c(path_rows, paste(cfg$config, sprintf("%g", cfg$thresh), k, lam, fmt17(obj[k]),
                                      nz[k], fmt10(cv$cvm[k]), fmt10(cv$cvsd[k]), fmt12(maxdiff[k]), sep = ","))
    }
    cat(sprintf("%-14s %-9s thresh %-6g %3d lambda  cv.glmnet %8.1f ms (cpu %8.1f)  glmnet %7.1f ms  min #%d 1se #%d%s\n",
                name, cfg$config, cfg$thresh, L, median(cv_ms), median(cv_cpu), median(path_ms), idx_min, idx_1se,
                if (length(warn) > 0) paste0("  [", length(warn), " warning(s)]") else ""))
  }
  writeLines(c(paste("config,count,thresh,nlambda,runs,cv_ms_median,cv_ms_all,cv_cpu_ms_median,cv_cpu_ms_all,",
                     "path_ms_median,path_ms_all,lambda_max,",
                     "lambda_min,index_min,lambda_1se,index_1se,warnings", sep = ""), runs_rows),
             file.path(out, paste0(name, "-runs.csv")))
  writeLines(c("config,thresh,k,lambda,objective,nonzero,cvm,cvsd,maxdiff_tight", path_rows),
             file.path(out, paste0(name, "-path.csv")))
  gz <- gzfile(file.path(out, paste0(name, "-coef.csv.gz")), "w", compression = 9)
  writeLines(c(paste(c("config", "k", "a0", colnames(x)), collapse = ","), coef_rows), gz)
  close(gz)
}
writeLines(c(paste("glmnet", as.character(packageVersion("glmnet"))), R.version.string,
             paste("tight thresh", tight, "maxit", tight_maxit), paste("repeats", repeats), paste("date", format(Sys.time(), "%Y-%m-%d")),
             paste("cpu", tryCatch(sub(".*: ", "", grep("model name", readLines("/proc/cpuinfo"), value = TRUE)[1]),
                                   error = function(e) "unknown"))),
           file.path(out, "versions.txt"))
