# Writes spambase.csv, sonar.csv and ionosphere.csv from the .rda files of the R packages kernlab and mlbench.
# Usage: Rscript export_r_datasets.R R_LIBRARY_DIR OUT_DIR
# R_LIBRARY_DIR holds kernlab/ and mlbench/ (e.g. /usr/lib/R/site-library); only load() is used, so the packages
# need not be installed, just unpacked. Numbers are written with 15 significant digits (R's default for CSV).
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript export_r_datasets.R R_LIBRARY_DIR OUT_DIR")
lib <- args[1]
out <- args[2]

write_table <- function(df, file) {
  stopifnot(!anyNA(df))
  write.csv(df, file.path(out, file), row.names = FALSE, quote = FALSE)
}

# Spambase: 57 numeric features; class column "spam" with values spam / nonspam (kernlab calls it "type").
load(file.path(lib, "kernlab", "data", "spam.rda"))
stopifnot(nrow(spam) == 4601, ncol(spam) == 58)
spam$spam <- as.character(spam$type)
spam$type <- NULL
write_table(spam, "spambase.csv")

# Sonar: 60 numeric features V1..V60; class M (metal cylinder, "mine") or R (rock), written as mine / rock.
load(file.path(lib, "mlbench", "data", "Sonar.rda"))
stopifnot(nrow(Sonar) == 208, ncol(Sonar) == 61)
Sonar$class <- ifelse(as.character(Sonar$Class) == "M", "mine", "rock")
Sonar$Class <- NULL
write_table(Sonar, "sonar.csv")

# Ionosphere: 34 features V1..V34 and class good / bad. mlbench stores V1 (0/1) and V2 (always 0) as factors;
# they are numbers in the UCI original, and are written back as numbers.
load(file.path(lib, "mlbench", "data", "Ionosphere.rda"))
stopifnot(nrow(Ionosphere) == 351, ncol(Ionosphere) == 35)
for (v in c("V1", "V2")) Ionosphere[[v]] <- as.numeric(as.character(Ionosphere[[v]]))
Ionosphere$class <- as.character(Ionosphere$Class)
Ionosphere$Class <- NULL
write_table(Ionosphere, "ionosphere.csv")
