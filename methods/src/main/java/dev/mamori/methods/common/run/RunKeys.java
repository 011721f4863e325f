package dev.mamori.methods.common.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The secret keys of a run, in owner-only files under {@code <run>/keys/}: each key is drawn once, saved when it is
 * drawn (before anything is trained with it), and read back when a resumed run needs it again, so that a stage that
 * is redone or continued from a checkpoint works with the key it started with. A new run refuses a directory that
 * already holds keys (they would belong to another run). What goes in logs and journals is the key's id, never the
 * key: the files are written through the key formats' own writers (owner-only, never overwritten).
 */
public final class RunKeys {
    /** How one kind of key is read from and written to its file format. */
    public interface Format<K> {
        K read(Path file) throws IOException;

        void write(Path file, K key) throws IOException;
    }

    /** Draws a new key (from SecureRandom, or from a seed where the config asks for reproducible keys). */
    @FunctionalInterface
    public interface Draw<K> {
        K draw() throws IOException;
    }

    private final Path dir;

    private RunKeys(Path dir) {
        this.dir = dir;
    }

    /** The keys folder of {@code run}; a new run whose folder already holds a file is refused. */
    public static RunKeys of(RunDirectory run) throws IOException {
        Path dir = run.dir().resolve("keys");
        if (!run.resumed() && Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException("run directory " + run.dir() + " already holds keys of an earlier run; choose a new one");
                }
            }
        }
        return new RunKeys(dir);
    }

    public Path dir() {
        return dir;
    }

    /** The file of the key named {@code name}. */
    public Path file(String name) {
        return dir.resolve(name + ".key");
    }

    /**
     * The key named {@code name}: read back from its file when an earlier attempt of this run drew it, otherwise
     * drawn now and saved before it is returned.
     */
    public <K> K obtain(String name, Format<K> format, Draw<K> draw) throws IOException {
        Path f = file(name);
        if (Files.exists(f)) return format.read(f);
        K key = draw.draw();
        format.write(f, key);
        return key;
    }

    /** Whether the key named {@code name} was saved. */
    public boolean has(String name) {
        return Files.exists(file(name));
    }
}
