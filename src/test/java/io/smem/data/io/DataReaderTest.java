package io.smem.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smem.data.CsrMatrix;
import io.smem.data.DenseMatrix;
import io.smem.data.DesignMatrix;
import io.smem.data.LabeledData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataReaderTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static void assertMatrix(double[][] expected, DesignMatrix x) {
        assertEquals(expected.length, x.rows(), "rows");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i].length, x.cols(), "cols");
            for (int j = 0; j < expected[i].length; j++) {
                assertEquals(expected[i][j], x.get(i, j), 0.0, "entry (" + i + ", " + j + ")");
            }
        }
    }

    /** Asserts that reading fails with a DataFormatException whose message contains every fragment. */
    private DataFormatException assertFails(Path file, DataFormat format, String label, String weight,
            String... fragments) {
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> DataReader.read(file, format, label, weight));
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment),
                    "message '" + e.getMessage() + "' should contain '" + fragment + "'");
        }
        assertTrue(e.getMessage().contains(file.toString()), "message should name the file: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one-line message: " + e.getMessage());
        return e;
    }

    // ---- DataFormat ---------------------------------------------------------------------------------------------

    @Test
    void formatFromExtension() throws DataFormatException {
        assertEquals(DataFormat.CSV, DataFormat.fromFileName(Path.of("a/b/data.csv")));
        assertEquals(DataFormat.CSV, DataFormat.fromFileName(Path.of("DATA.CSV")));
        assertEquals(DataFormat.ARFF, DataFormat.fromFileName(Path.of("x.arff")));
        assertEquals(DataFormat.LIBSVM, DataFormat.fromFileName(Path.of("x.svm")));
        assertEquals(DataFormat.LIBSVM, DataFormat.fromFileName(Path.of("x.libsvm")));
        assertEquals(DataFormat.LIBSVM, DataFormat.fromFileName(Path.of("x.svmlight")));
        assertEquals(DataFormat.LIBSVM, DataFormat.fromFileName(Path.of("x.txt")));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> DataFormat.fromFileName(Path.of("x.xlsx")));
        assertTrue(e.getMessage().contains("x.xlsx") && e.getMessage().contains(".xlsx"), e.getMessage());
        assertThrows(DataFormatException.class, () -> DataFormat.fromFileName(Path.of("noextension")));
    }

    // ---- canonicalLabel -----------------------------------------------------------------------------------------

    @Test
    void canonicalLabels() {
        assertEquals("1", DataReader.canonicalLabel("+1"));
        assertEquals("1", DataReader.canonicalLabel("1.0"));
        assertEquals("1", DataReader.canonicalLabel(" 1.000 "));
        assertEquals("1", DataReader.canonicalLabel("1e0"));
        assertEquals("-1", DataReader.canonicalLabel("-1"));
        assertEquals("-1", DataReader.canonicalLabel("-1.0"));
        assertEquals("0", DataReader.canonicalLabel("-0"));
        assertEquals("0", DataReader.canonicalLabel("0.00"));
        assertEquals("2.5", DataReader.canonicalLabel("2.50"));
        assertEquals("0.001", DataReader.canonicalLabel("1e-3"));
        assertEquals("100", DataReader.canonicalLabel("1E2"));
        assertEquals("7", DataReader.canonicalLabel("007"));
        assertEquals("benign", DataReader.canonicalLabel("benign"));
        assertEquals("class_1", DataReader.canonicalLabel(" class_1"));
        assertEquals("1.0.0", DataReader.canonicalLabel("1.0.0"));
        assertEquals("0x10", DataReader.canonicalLabel("0x10"));
    }

    // ---- CSV ----------------------------------------------------------------------------------------------------

    @Test
    void csvDefaultLabelIsLastColumn() throws Exception {
        Path f = write("d.csv", "a,b,c,y\n1,2,3,yes\n 4.5 , -6 ,1e2,no\n\n0,0,0, +1.0\n");
        LabeledData d = DataReader.read(f, DataFormat.CSV, null, null);
        assertInstanceOf(DenseMatrix.class, d.x());
        assertEquals(List.of("a", "b", "c"), d.featureNames());
        assertMatrix(new double[][] {{1, 2, 3}, {4.5, -6, 100}, {0, 0, 0}}, d.x());
        assertArrayEquals(new String[] {"yes", "no", "1"}, d.labels());
        assertNull(d.weights());
    }

    @Test
    void csvNamedLabelAndWeightColumns() throws Exception {
        Path f = write("d.csv", "w,class,x1,x2\n2,A,1,10\n0.5,B,2,20\n0,A,3,30\n");
        LabeledData d = DataReader.read(f, DataFormat.CSV, "class", "w");
        assertEquals(List.of("x1", "x2"), d.featureNames());
        assertMatrix(new double[][] {{1, 10}, {2, 20}, {3, 30}}, d.x());
        assertArrayEquals(new String[] {"A", "B", "A"}, d.labels());
        assertArrayEquals(new double[] {2, 0.5, 0}, d.weights(), 0.0);
    }

    @Test
    void csvQuotedFieldsAndBom() throws Exception {
        Path f = write("d.csv", "\uFEFF\"first col\",\"y\"\n\"1.5\",\"a, b\"\n");
        LabeledData d = DataReader.read(f, DataFormat.CSV, null, null);
        assertEquals(List.of("first col"), d.featureNames());
        assertEquals(1.5, d.x().get(0, 0));
        assertArrayEquals(new String[] {"a, b"}, d.labels());
    }

    @Test
    void csvLabelColumnMissingListsColumns() throws IOException {
        Path f = write("d.csv", "a,b,y\n1,2,3\n");
        assertFails(f, DataFormat.CSV, "target", null, "'target'", "a, b, y");
        assertFails(f, DataFormat.CSV, null, "wt", "'wt'", "a, b, y");
    }

    @Test
    void csvWeightColumnErrors() throws IOException {
        Path f = write("d.csv", "a,w,y\n1,2,p\n1,-1,q\n");
        assertFails(f, DataFormat.CSV, null, "w", "line 3", "'w'", "negative");
        Path g = write("g.csv", "a,w,y\n1,heavy,p\n");
        assertFails(g, DataFormat.CSV, null, "w", "line 2", "'w'", "'heavy'");
        Path h = write("h.csv", "a,w,y\n1,Infinity,p\n");
        assertFails(h, DataFormat.CSV, null, "w", "line 2", "'w'", "non-finite");
        Path k = write("k.csv", "a,y,w\n1,p,2\n");
        assertFails(k, DataFormat.CSV, null, "w", "also the label");
    }

    @Test
    void csvNonNumericCell() throws IOException {
        Path f = write("d.csv", "a,b,y\n1,2,p\n3,abc,q\n");
        assertFails(f, DataFormat.CSV, null, null, "line 3", "'b'", "'abc'");
    }

    @Test
    void csvMissingCell() throws IOException {
        Path f = write("d.csv", "a,b,y\n1,2,p\n\n3,,q\n");
        assertFails(f, DataFormat.CSV, null, null, "missing value at line 4 column 'b'", "fill or drop it");
        Path g = write("g.csv", "a,b,y\n1,2,\n");
        assertFails(g, DataFormat.CSV, null, null, "missing value at line 2 column 'y'");
    }

    @Test
    void csvLineNumbersCountMultiLineFields() throws IOException {
        Path f = write("d.csv", "a,y\n1,\"two\nlines\"\n2,ok\nbad,ok\n");
        assertFails(f, DataFormat.CSV, null, null, "line 5", "'a'", "'bad'");
    }

    @Test
    void csvNonFinite() throws IOException {
        assertFails(write("a.csv", "a,b,y\n1,NaN,p\n"), DataFormat.CSV, null, null, "line 2", "'b'", "non-finite");
        assertFails(write("b.csv", "a,b,y\n1,2,p\n-inf,2,p\n"), DataFormat.CSV, null, null, "line 3", "'a'",
                "non-finite");
        assertFails(write("c.csv", "a,b,y\n1,1e999,p\n"), DataFormat.CSV, null, null, "line 2", "'b'",
                "non-finite");
        assertFails(write("d.csv", "a,y\n1,NaN\n"), DataFormat.CSV, null, null, "line 2", "'y'", "non-finite");
    }

    @Test
    void csvStructuralErrors() throws IOException {
        assertFails(write("a.csv", "a,b,y\n"), DataFormat.CSV, null, null, "no data rows");
        assertFails(write("b.csv", ""), DataFormat.CSV, null, null, "no header");
        assertFails(write("c.csv", "a,b,y\n1,2,p\n1,2\n"), DataFormat.CSV, null, null, "line 3", "2 fields",
                "header has 3");
        assertFails(write("d.csv", "a,a,y\n1,2,p\n"), DataFormat.CSV, null, null, "header", "\"a\"");
        assertFails(write("e.csv", "a,b,y\n1,2,\"p\n"), DataFormat.CSV, null, null, "malformed");
    }

    // ---- ARFF ---------------------------------------------------------------------------------------------------

    private static final String IRIS_LIKE = """
            % a comment
            @RELATION tiny iris

            @attribute sepal_length NUMERIC
            @attribute 'sepal width' real   % trailing comment
            @attribute "colour" {red, green, 'dark blue'}
            @attribute size {small,large}
            @attribute class {setosa,versicolor,virginica}

            @data
            5.1, 3.5, red, small, setosa
            4.9,3.0,'dark blue',large,virginica
            % comment line
            6.2 2.9 green small versicolor
            """;

    @Test
    void arffDenseWithIndicatorExpansion() throws Exception {
        LabeledData d = DataReader.read(write("d.arff", IRIS_LIKE), DataFormat.ARFF, null, null);
        assertInstanceOf(DenseMatrix.class, d.x());
        assertEquals(List.of("sepal_length", "sepal width", "colour=red", "colour=green", "colour=dark blue",
                "size=large"), d.featureNames());
        assertMatrix(new double[][] {
                {5.1, 3.5, 1, 0, 0, 0},
                {4.9, 3.0, 0, 0, 1, 1},
                {6.2, 2.9, 0, 1, 0, 0}}, d.x());
        assertArrayEquals(new String[] {"setosa", "virginica", "versicolor"}, d.labels());
        assertNull(d.weights());
    }

    @Test
    void arffNamedLabelNumericLabelAndWeightAttribute() throws Exception {
        String text = """
                @relation r
                @attribute y numeric
                @attribute w numeric
                @attribute flag {no,yes}
                @attribute x numeric
                @data
                +1.0, 2, yes, 7
                -1, 0.25, no, 8
                """;
        LabeledData d = DataReader.read(write("d.arff", text), DataFormat.ARFF, "y", "w");
        assertEquals(List.of("flag=yes", "x"), d.featureNames());
        assertMatrix(new double[][] {{1, 7}, {0, 8}}, d.x());
        assertArrayEquals(new String[] {"1", "-1"}, d.labels());
        assertArrayEquals(new double[] {2, 0.25}, d.weights(), 0.0);
    }

    @Test
    void arffSparseRowsAndInstanceWeights() throws Exception {
        String text = """
                @relation sparse
                @attribute a numeric
                @attribute c {u,v,w}
                @attribute b numeric
                @attribute bin {f,t}
                @attribute class {neg,pos}
                @data
                {0 1.5, 2 -2, 4 pos}
                {1 w, 3 t}, {2.5}
                {}
                {2 3} , {0}
                """;
        LabeledData d = DataReader.read(write("d.arff", text), DataFormat.ARFF, null, null);
        assertInstanceOf(CsrMatrix.class, d.x());
        assertEquals(List.of("a", "c=u", "c=v", "c=w", "b", "bin=t"), d.featureNames());
        assertMatrix(new double[][] {
                {1.5, 1, 0, 0, -2, 0},   // c omitted -> first value u
                {0, 0, 0, 1, 0, 1},
                {0, 1, 0, 0, 0, 0},
                {0, 1, 0, 0, 3, 0}}, d.x());
        assertArrayEquals(new String[] {"pos", "neg", "neg", "neg"}, d.labels());
        assertArrayEquals(new double[] {1, 2.5, 1, 0}, d.weights(), 0.0);
        assertEquals(8, d.x().storedEntries());
    }

    @Test
    void arffDenseInstanceWeight() throws Exception {
        String text = "@relation r\n@attribute x numeric\n@attribute y {a,b}\n@data\n1,a,{3}\n2,b\n";
        LabeledData d = DataReader.read(write("d.arff", text), DataFormat.ARFF, null, null);
        assertArrayEquals(new double[] {3, 1}, d.weights(), 0.0);
        assertMatrix(new double[][] {{1}, {2}}, d.x());
    }

    @Test
    void arffStringLabelAllowedStringFeatureRejected() throws Exception {
        String text = "@relation r\n@attribute x numeric\n@attribute s string\n@data\n1,'hello world'\n";
        LabeledData d = DataReader.read(write("d.arff", text), DataFormat.ARFF, null, null);
        assertArrayEquals(new String[] {"hello world"}, d.labels());
        assertFails(write("e.arff", text), DataFormat.ARFF, "x", null, "line 3", "string attribute 's'");
    }

    @Test
    void arffDateRejected() throws IOException {
        String text = "@relation r\n@attribute when date \"yyyy-MM-dd\"\n@attribute y {a,b}\n@data\n2020-01-01,a\n";
        assertFails(write("d.arff", text), DataFormat.ARFF, null, null, "line 2", "date attribute 'when'");
    }

    @Test
    void arffMissingValue() throws IOException {
        String text = "@relation r\n@attribute x numeric\n@attribute z numeric\n@attribute y {a,b}\n@data\n"
                + "1,2,a\n3,?,b\n";
        assertFails(write("d.arff", text), DataFormat.ARFF, null, null, "line 7", "'z'", "missing");
        String sparse = "@relation r\n@attribute x numeric\n@attribute y {a,b}\n@data\n{0 1}\n{0 ?, 1 b}\n";
        assertFails(write("e.arff", sparse), DataFormat.ARFF, null, null, "line 6", "'x'", "missing");
    }

    @Test
    void arffValueErrors() throws IOException {
        String head = "@relation r\n@attribute x numeric\n@attribute y {a,b}\n@data\n";
        assertFails(write("a.arff", head + "1,a\nfoo,b\n"), DataFormat.ARFF, null, null, "line 6", "'x'",
                "'foo'");
        assertFails(write("b.arff", head + "1,a\n2,c\n"), DataFormat.ARFF, null, null, "line 6", "'y'", "'c'");
        assertFails(write("c.arff", head + "NaN,a\n"), DataFormat.ARFF, null, null, "line 5", "'x'",
                "non-finite");
        assertFails(write("d.arff", head + "1\n"), DataFormat.ARFF, null, null, "line 5", "1 values",
                "expected 2");
        assertFails(write("e.arff", head + "1,a,b\n"), DataFormat.ARFF, null, null, "line 5", "more than 2");
        assertFails(write("f.arff", head + "{1 a, 0 1}\n"), DataFormat.ARFF, null, null, "line 5", "increase");
        assertFails(write("g.arff", head + "{5 1}\n"), DataFormat.ARFF, null, null, "line 5", "out of range");
        assertFails(write("h.arff", head), DataFormat.ARFF, null, null, "no data rows");
        assertFails(write("i.arff", head + "1,a,{-2}\n"), DataFormat.ARFF, null, null, "line 5",
                "instance weight");
        assertFails(write("j.arff", head + "1,b\n-Infinity,a\n"), DataFormat.ARFF, null, null, "line 6",
                "non-finite");
    }

    @Test
    void arffHeaderErrors() throws IOException {
        assertFails(write("a.arff", "@relation r\n@attribute x numeric\n"), DataFormat.ARFF, null, null,
                "no @data");
        assertFails(write("b.arff", "@relation r\n@attribute x numeric\n@attribute x {a}\n@data\n"),
                DataFormat.ARFF, null, null, "line 3", "twice");
        assertFails(write("c.arff", "@relation r\n@attribute x blob\n@data\n"), DataFormat.ARFF, null, null,
                "line 2", "'blob'");
        assertFails(write("d.arff", "@relation r\n@attribute x numeric\n@attribute y {a,b}\n@data\n1,a\n"),
                DataFormat.ARFF, "label", null, "'label'", "x, y");
        assertFails(write("e.arff", "@relation r\n@attribute x numeric\n@attribute y {a,b}\n@data\n1,a\n"),
                DataFormat.ARFF, null, "y", "also the label");
        assertFails(write("f.arff", "@relation r\n@attribute w {p,q}\n@attribute y {a,b}\n@data\np,a\n"),
                DataFormat.ARFF, null, "w", "line 2", "must be numeric");
    }

    @Test
    void arffWeightAttributeAndInstanceWeightConflict() throws IOException {
        String text = "@relation r\n@attribute w numeric\n@attribute y {a,b}\n@data\n1,a,{2}\n";
        assertFails(write("a.arff", text), DataFormat.ARFF, null, "w", "line 5", "instance weight");
    }

    // ---- LIBSVM -------------------------------------------------------------------------------------------------

    @Test
    void libsvmParses() throws Exception {
        Path f = write("d.svm", "+1 1:0.5 3:2 # comment\n-1 qid:3 2:-1.5\n\n# only a comment\n1.0 5:1e-1\n0\n");
        LabeledData d = DataReader.read(f, DataFormat.LIBSVM, null, null);
        assertInstanceOf(CsrMatrix.class, d.x());
        assertEquals(List.of("1", "2", "3", "4", "5"), d.featureNames());
        assertMatrix(new double[][] {
                {0.5, 0, 2, 0, 0},
                {0, -1.5, 0, 0, 0},
                {0, 0, 0, 0, 0.1},
                {0, 0, 0, 0, 0}}, d.x());
        assertArrayEquals(new String[] {"1", "-1", "1", "0"}, d.labels());
        assertNull(d.weights());
    }

    @Test
    void libsvmErrors() throws IOException {
        assertFails(write("a.svm", "1 1:1\n1 3:1 2:1\n"), DataFormat.LIBSVM, null, null, "line 2", "increase");
        assertFails(write("b.svm", "1 1:1 1:2\n"), DataFormat.LIBSVM, null, null, "line 1", "increase");
        assertFails(write("c.svm", "1 0:1\n"), DataFormat.LIBSVM, null, null, "line 1", ">= 1");
        assertFails(write("d.svm", "1 -2:1\n"), DataFormat.LIBSVM, null, null, "line 1", ">= 1");
        assertFails(write("e.svm", "1 1:1\n\n1 x:1\n"), DataFormat.LIBSVM, null, null, "line 3", "'x:1'");
        assertFails(write("f.svm", "1 1:1 2\n"), DataFormat.LIBSVM, null, null, "line 1", "malformed");
        assertFails(write("g.svm", "1 1:abc\n"), DataFormat.LIBSVM, null, null, "line 1", "column 1", "'abc'");
        assertFails(write("h.svm", "1 1:1\n1 4:nan\n"), DataFormat.LIBSVM, null, null, "line 2", "column 4",
                "non-finite");
        assertFails(write("i.svm", "1 1:1\n-1 2:inf\n"), DataFormat.LIBSVM, null, null, "line 2", "column 2",
                "non-finite");
        assertFails(write("j.svm", "1:1 2:1\n"), DataFormat.LIBSVM, null, null, "line 1", "missing label");
        assertFails(write("k.svm", "NaN 1:1\n"), DataFormat.LIBSVM, null, null, "line 1", "non-finite label");
        assertFails(write("l.svm", "# nothing\n\n"), DataFormat.LIBSVM, null, null, "no data rows");
        assertFails(write("m.svm", "1 1:1\n"), DataFormat.LIBSVM, null, "w", "weight column");
        assertFails(write("n.svm", "1 1:1\n"), DataFormat.LIBSVM, "y", null, "label column");
    }

    // ---- files --------------------------------------------------------------------------------------------------

    @Test
    void missingFilePropagatesIoException() {
        Path f = dir.resolve("absent.csv");
        assertThrows(NoSuchFileException.class, () -> DataReader.read(f, DataFormat.CSV, null, null));
        assertThrows(NoSuchFileException.class, () -> DataReader.read(dir.resolve("absent.arff"), null, null));
    }

    @Test
    void readByExtension() throws Exception {
        Path f = write("d.libsvm", "2 2:4\n");
        LabeledData d = DataReader.read(f, null, null);
        assertMatrix(new double[][] {{0, 4}}, d.x());
        assertArrayEquals(new String[] {"2"}, d.labels());
    }

    // ---- the bundled datasets (datasets/ at the repository root; tests run in the module directory) ------------

    @Test
    void bundledBreastCancerAgreesAcrossFormats() throws Exception {
        Path datasets = Path.of("..", "datasets");
        LabeledData csv = DataReader.read(datasets.resolve("breast-cancer.csv"), null, null);
        LabeledData arff = DataReader.read(datasets.resolve("breast-cancer.arff"), null, null);
        LabeledData svm = DataReader.read(datasets.resolve("breast-cancer.svm"), null, null);
        assertEquals(569, csv.x().rows());
        assertEquals(30, csv.x().cols());
        assertEquals("mean_radius", csv.featureNames().get(0));
        assertEquals("worst_fractal_dimension", csv.featureNames().get(29));
        assertEquals(csv.featureNames(), arff.featureNames());
        assertEquals(30, svm.x().cols());
        assertInstanceOf(CsrMatrix.class, svm.x());
        assertEquals(17.99, csv.x().get(0, 0));
        int malignant = 0;
        for (int i = 0; i < 569; i++) {
            String label = csv.labels()[i];
            assertEquals(label, arff.labels()[i]);
            assertEquals(label.equals("malignant") ? "1" : "-1", svm.labels()[i]);
            malignant += label.equals("malignant") ? 1 : 0;
            for (int j = 0; j < 30; j++) {
                assertEquals(csv.x().get(i, j), arff.x().get(i, j), 0.0);
                assertEquals(csv.x().get(i, j), svm.x().get(i, j), 0.0);
            }
        }
        assertEquals(212, malignant);
    }

    @Test
    void bundledDatasetsHaveExpectedShapes() throws Exception {
        Path datasets = Path.of("..", "datasets");
        Object[][] expected = {
            {"iris.arff", 150, 4, 3}, {"wine.csv", 178, 13, 3}, {"spambase.csv", 4601, 57, 2},
            {"sonar.csv", 208, 60, 2}, {"ionosphere.csv", 351, 34, 2}};
        for (Object[] e : expected) {
            LabeledData d = DataReader.read(datasets.resolve((String) e[0]), null, null);
            assertEquals(e[1], d.x().rows(), (String) e[0]);
            assertEquals(e[2], d.x().cols(), (String) e[0]);
            assertEquals(e[3], (int) java.util.Arrays.stream(d.labels()).distinct().count(), (String) e[0]);
        }
    }
}
