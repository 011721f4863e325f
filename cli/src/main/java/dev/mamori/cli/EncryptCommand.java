package dev.mamori.cli;

import dev.mamori.methods.common.ImageData;
import dev.mamori.methods.encryption.EncryptionKey;
import dev.mamori.methods.encryption.ImageEncoder;
import dev.mamori.methods.encryption.KeyGeometry;
import dev.mamori.methods.encryption.KeySpace;
import dev.mamori.methods.encryption.catalog.Scheme;
import dev.mamori.methods.encryption.catalog.SchemeOptions;
import dev.mamori.methods.encryption.dataset.DatasetEncryption;
import dev.mamori.methods.encryption.dataset.EncryptedSplits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code mamori encrypt}: encrypts a dataset's splits with a secret key into a folder ({@code train.safetensors},
 * {@code test.safetensors}), streaming batch by batch, and reports images per second. The key comes from a key file,
 * or is drawn from a secure source and written to a new owner-only key file with {@code --new-key}.
 */
@Command(name = "encrypt", mixinStandardHelpOptions = true,
        description = {"Encrypt a dataset with a secret key (learnable encryption schemes, EtC, block-wise transforms, NeuraCrypt,"
                + " Color-NeuraCrypt) into <out>/train.safetensors and <out>/test.safetensors, streaming.",
                "Train on the result with: mamori train --encrypted <out> --model vit ...; serve with: mamori eval <model> --key <key file>."})
final class EncryptCommand implements Callable<Integer> {
    @Option(names = "--dataset", description = "Dataset name (mamori data list), with options: emoji-category:split=vendor.")
    String dataset;

    @Option(names = "--scheme", defaultValue = "etc", description = "Scheme: ${COMPLETION-CANDIDATES}... see --list-schemes (default ${DEFAULT-VALUE}).")
    String scheme;

    @Option(names = "--key", description = "Key file: read (its scheme, image size and block size must fit), or written with --new-key.")
    Path key;

    @Option(names = "--new-key", description = "Draw a fresh key from a secure source and write it to --key (which must not exist), owner-only.")
    boolean newKey;

    @Option(names = "--block-size", description = "Block size M (patch size for NeuraCrypt); default 4; with an existing key: checked against it.")
    Integer blockSize;

    @Option(names = "--hidden", defaultValue = "128", description = "NeuraCrypt's hidden width (new keys).")
    int hidden;

    @Option(names = "--depth", defaultValue = "4", description = "NeuraCrypt's depth (new keys).")
    int depth;

    @Option(names = "--output-dim", defaultValue = "128", description = "NeuraCrypt's token width (new keys).")
    int outputDim;

    @Option(names = "--combine", defaultValue = "sum", description = "Color-NeuraCrypt's per-patch combination: sum or concat (new keys).")
    String combine;

    @Option(names = "--splits", split = ",", defaultValue = "train,test", description = "Splits to encrypt (default ${DEFAULT-VALUE}).")
    List<String> splits;

    @Option(names = "--batch-size", defaultValue = "64", description = "Images encoded together (NeuraCrypt's batch statistics); default ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--train-subset", defaultValue = "0", description = "Encrypt only this many training images (seeded subset; 0 = all).")
    int trainSubset;

    @Option(names = "--test-subset", defaultValue = "0", description = "Encrypt only this many test images (0 = all).")
    int testSubset;

    @Option(names = "--out", description = "Output folder.")
    Path out;

    @Option(names = "--list-schemes", description = "List the schemes and exit.")
    boolean listSchemes;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        if (listSchemes) {
            for (Scheme s : Scheme.values()) stdout.printf("%-24s %s%n", s.configName(), s.description());
            stdout.flush();
            return 0;
        }
        if (dataset == null) throw new IllegalArgumentException("--dataset is required");
        if (key == null) throw new IllegalArgumentException("--key is required (an existing key file, or a new one with --new-key)");
        if (out == null) throw new IllegalArgumentException("--out is required");
        for (String s : splits) if (!s.equals("train") && !s.equals("test")) throw new IllegalArgumentException("--splits: expected train and/or test, got '" + s + "'");
        Scheme sch = Scheme.fromConfigName(scheme);
        ImageData data = ImageData.open(dataset, trainSubset, testSubset, 0, System.err);
        SchemeOptions options = new SchemeOptions(blockSize == null ? 4 : blockSize, hidden, depth, outputDim, combine);
        KeyGeometry g = sch.geometry(data.channels(), data.height(), data.width(), options);
        EncryptionKey k;
        if (newKey) {
            if (Files.exists(key)) throw new IllegalArgumentException("--key " + key + " exists; --new-key never overwrites a key file");
            k = sch.random(g, options);
            Scheme.save(key, k);
            stdout.printf("new %s key %s written to %s (owner-only)%n", sch, k.fingerprint(), key);
        } else {
            k = Scheme.load(key, sch, data.channels(), data.height(), data.width(), blockSize == null ? 0 : g.blockSize());
        }
        KeySpace space = k.keySpace();
        stdout.printf(Locale.ROOT, "scheme %s, key %s, images %s; key space %s (%s)%n", sch, k.fingerprint(), k.geometry(), space.describeDistinct(),
                space.formula());
        ImageEncoder encoder = Scheme.encoder(k);
        for (String split : splits) {
            Path file = out.resolve(split.equals("train") ? EncryptedSplits.TRAIN_FILE : EncryptedSplits.TEST_FILE);
            DatasetEncryption.Result r = DatasetEncryption.run(split.equals("train") ? data.train() : data.test(), encoder, batchSize, file, dataset,
                    split, System.err);
            stdout.printf(Locale.ROOT, "%s: %d images in %.1f s (%.0f images/s, stored as %s) -> %s%n", split, r.images(), r.seconds(),
                    r.imagesPerSecond(), r.bytes() ? "bytes" : "float32", file);
        }
        stdout.flush();
        return 0;
    }
}
