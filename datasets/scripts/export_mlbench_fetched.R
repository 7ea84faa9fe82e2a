# Writes letter.csv, satellite.csv and dna.csv from the .rda files of the R package mlbench.
# Usage: Rscript export_mlbench_fetched.R MLBENCH_DATA_DIR OUT_DIR
# MLBENCH_DATA_DIR is mlbench's data/ directory (installed, or unpacked from the Debian package r-cran-mlbench);
# only load() is used. Numbers are written with 15 significant digits (all values here are small integers).
# Each file is written under a temporary name and renamed, so an interrupted run leaves no partial file.
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript export_mlbench_fetched.R MLBENCH_DATA_DIR OUT_DIR")
lib <- args[1]
out <- args[2]

write_table <- function(df, file) {
  stopifnot(!anyNA(df))
  tmp <- file.path(out, paste0(file, ".tmp"))
  write.csv(df, tmp, row.names = FALSE, quote = FALSE)
  stopifnot(file.rename(tmp, file.path(out, file)))
  cat(sprintf("%s: %d rows x %d features, %d classes\n", file, nrow(df), ncol(df) - 1,
              length(unique(df[[ncol(df)]]))))
}

# Letter recognition: 20000 rows, 16 integer features (x.box ... yegvx, dots written as underscores), class A..Z
# (mlbench's first column lettr) written last as "letter".
load(file.path(lib, "LetterRecognition.rda"))
stopifnot(nrow(LetterRecognition) == 20000, ncol(LetterRecognition) == 17)
letter <- LetterRecognition[, -1]
names(letter) <- gsub(".", "_", names(letter), fixed = TRUE)
letter$letter <- as.character(LetterRecognition$lettr)
write_table(letter, "letter.csv")

# Statlog (Landsat Satellite): 6435 rows, 36 integer features x.1 ... x.36 (written x_1 ... x_36), 6 classes
# (mlbench's "classes", e.g. "red soil") written last as "class" with spaces replaced by underscores.
load(file.path(lib, "Satellite.rda"))
stopifnot(nrow(Satellite) == 6435, ncol(Satellite) == 37)
sat <- Satellite[, -37]
names(sat) <- gsub(".", "_", names(sat), fixed = TRUE)
sat$class <- gsub(" ", "_", as.character(Satellite$classes), fixed = TRUE)
write_table(sat, "satellite.csv")

# Statlog (DNA), primate splice-junction sequences: 3186 rows, 180 binary indicator features V1 ... V180 (mlbench
# stores them as factors "0"/"1"; written back as the numbers 0 and 1, named a001 ... a180), 3 classes written last
# as "class": ei (exon/intron boundary), ie (intron/exon boundary), n (neither).
load(file.path(lib, "DNA.rda"))
stopifnot(nrow(DNA) == 3186, ncol(DNA) == 181)
dna <- as.data.frame(lapply(DNA[, 1:180], function(f) as.integer(as.character(f))))
stopifnot(all(unlist(dna) %in% c(0L, 1L)))
names(dna) <- sprintf("a%03d", 1:180)
dna$class <- as.character(DNA$Class)
write_table(dna, "dna.csv")
