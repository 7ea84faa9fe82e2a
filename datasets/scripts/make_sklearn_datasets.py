#!/usr/bin/env python3
"""Writes breast-cancer.csv/.arff/.svm, iris.arff, wine.csv and digits.csv from the data files that scikit-learn ships.

Usage: make_sklearn_datasets.py SKLEARN_DATA_DIR OUT_DIR

SKLEARN_DATA_DIR is scikit-learn's sklearn/datasets/data directory (for instance from Debian's python3-sklearn
package). Those files start with a line "n_samples,n_features,class_name_0,class_name_1,..." followed by rows of
n_features numbers and an integer class index (digits.csv.gz has no such line: 64 pixel counts and the digit per row).
Numbers are copied as text, unchanged. Standard library only.
"""
import csv
import gzip
import os
import sys

BREAST_CANCER_FEATURES = [
    "mean radius", "mean texture", "mean perimeter", "mean area", "mean smoothness", "mean compactness",
    "mean concavity", "mean concave points", "mean symmetry", "mean fractal dimension",
    "radius error", "texture error", "perimeter error", "area error", "smoothness error", "compactness error",
    "concavity error", "concave points error", "symmetry error", "fractal dimension error",
    "worst radius", "worst texture", "worst perimeter", "worst area", "worst smoothness", "worst compactness",
    "worst concavity", "worst concave points", "worst symmetry", "worst fractal dimension",
]
IRIS_FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]  # centimetres
WINE_FEATURES = [
    "alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols", "flavanoids",
    "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue", "od280/od315_of_diluted_wines", "proline",
]


def snake(name):
    return name.replace(" ", "_").replace("/", "_")


def load(path):
    """Returns (rows of feature text, class name per row, class names) from one scikit-learn data file."""
    with open(path, newline="") as f:
        reader = csv.reader(f)
        first = next(reader)
        n, p, names = int(first[0]), int(first[1]), first[2:]
        rows, classes = [], []
        for record in reader:
            if not record:
                continue
            if len(record) != p + 1:
                raise SystemExit(f"{path}: expected {p + 1} fields, got {len(record)}")
            for v in record[:p]:
                float(v)  # every feature must be a number
            rows.append(record[:p])
            classes.append(names[int(record[p])])
    if len(rows) != n:
        raise SystemExit(f"{path}: header says {n} rows, found {len(rows)}")
    return rows, classes, names


def load_digits(path):
    """Rows of 64 pixel-count texts (0..16, row-major 8 x 8 image) and the digit text, from digits.csv.gz."""
    rows, classes = [], []
    with gzip.open(path, "rt", newline="") as f:
        for record in csv.reader(f):
            if not record:
                continue
            if len(record) != 65:
                raise SystemExit(f"{path}: expected 65 fields, got {len(record)}")
            values = [str(int(float(v))) for v in record]  # "0.0" or "0" -> "0"; all are integers
            if any(not 0 <= int(v) <= 16 for v in values[:64]) or not 0 <= int(values[64]) <= 9:
                raise SystemExit(f"{path}: value out of range in {record}")
            rows.append(values[:64])
            classes.append(values[64])
    if len(rows) != 1797:
        raise SystemExit(f"{path}: expected 1797 rows, found {len(rows)}")
    return rows, classes


def write_csv(path, features, label, rows, classes):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(features + [label])
        for row, c in zip(rows, classes):
            w.writerow(row + [c])


def write_arff(path, relation, comment, features, label, class_names, rows, classes):
    with open(path, "w") as f:
        for line in comment:
            f.write(f"% {line}\n")
        f.write(f"@relation {relation}\n\n")
        for name in features:
            f.write(f"@attribute {name} numeric\n")
        f.write(f"@attribute {label} {{{','.join(class_names)}}}\n\n@data\n")
        for row, c in zip(rows, classes):
            f.write(",".join(row + [c]) + "\n")


def write_libsvm(path, rows, labels):
    with open(path, "w") as f:
        for row, y in zip(rows, labels):
            entries = [f"{j + 1}:{v}" for j, v in enumerate(row) if float(v) != 0.0]
            f.write(" ".join([y] + entries) + "\n")


def main(data_dir, out):
    rows, classes, names = load(os.path.join(data_dir, "breast_cancer.csv"))
    assert names == ["malignant", "benign"], names  # class index 0 = malignant, 1 = benign
    features = [snake(n) for n in BREAST_CANCER_FEATURES]
    assert len(features) == len(rows[0])
    write_csv(os.path.join(out, "breast-cancer.csv"), features, "diagnosis", rows, classes)
    write_arff(os.path.join(out, "breast-cancer.arff"), "wdbc",
               ["Breast Cancer Wisconsin (Diagnostic), 569 x 30; see datasets/README.md for source and licence."],
               features, "diagnosis", names, rows, classes)
    write_libsvm(os.path.join(out, "breast-cancer.svm"), rows,
                 ["+1" if c == "malignant" else "-1" for c in classes])

    rows, classes, names = load(os.path.join(data_dir, "iris.csv"))
    assert len(IRIS_FEATURES) == len(rows[0])
    write_arff(os.path.join(out, "iris.arff"), "iris",
               ["Iris (Fisher, 1936), 150 x 4, lengths in cm; see datasets/README.md for source and licence."],
               IRIS_FEATURES, "class", names, rows, classes)

    rows, classes, names = load(os.path.join(data_dir, "wine_data.csv"))
    features = [snake(n) for n in WINE_FEATURES]
    assert len(features) == len(rows[0])
    write_csv(os.path.join(out, "wine.csv"), features, "class", rows, classes)

    rows, classes = load_digits(os.path.join(data_dir, "digits.csv.gz"))
    features = [f"pixel_{r}_{c}" for r in range(8) for c in range(8)]
    write_csv(os.path.join(out, "digits.csv"), features, "digit", rows, classes)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2])
