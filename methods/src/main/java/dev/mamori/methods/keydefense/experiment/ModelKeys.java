package dev.mamori.methods.keydefense.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mamori.methods.common.run.RunDirectory;
import dev.mamori.methods.crypto.SecretKey;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * The secret keys of a key-defense run, in {@code keys/} of its run directory: each model's keys are drawn once, written
 * to owner-only key files ({@link SecretKey#save}) and recorded in the run's journal (stage {@code keys/<model>}, with
 * the key files' names and the keys' random ids, never their material) before anything is trained with them. A resumed
 * run reads recorded keys back instead of drawing new ones, so that the weights, checkpoints and results of the earlier
 * attempt stay those of the keys in the files.
 *
 * <p>Key files that no journal line records (an earlier version of Mamori wrote them only after building every model and
 * kept no weights of keyed models, or a kill fell between writing a file and recording it) belong to no model this run
 * can reuse: a resumed run moves them to {@code keys/stale-<UTC time>/} (still owner-only files, never deleted) and
 * draws new keys, so keys of two attempts are never mixed silently.
 *
 * <p>The other experiments keep their keys through {@link dev.mamori.methods.common.run.RunKeys} (one key per name,
 * read back on resume); the key defense needs more: journaled key ids per model, several slots per model, and the
 * setting aside of an earlier version's unrecorded files.
 */
final class ModelKeys {
    static final String DIRECTORY = "keys", STAGE = "keys/";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final RunDirectory run;
    private final Path dir;
    private final PrintStream log;
    private int drawn, readBack;

    private ModelKeys(RunDirectory run, PrintStream log) {
        this.run = run;
        this.dir = run.dir().resolve(DIRECTORY);
        this.log = log;
    }

    /**
     * The keys of {@code run}; a new run's key directory must be empty, a resumed run's unrecorded key files are set
     * aside first.
     */
    static ModelKeys open(RunDirectory run, PrintStream log) throws IOException {
        ModelKeys keys = new ModelKeys(run, log);
        if (!run.resumed() && Files.isDirectory(keys.dir)) {
            try (Stream<Path> s = Files.list(keys.dir)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException("run directory " + run.dir() + " already holds keys of an earlier run; choose a new one");
                }
            }
        }
        if (run.resumed()) keys.setAsideUnrecorded();
        return keys;
    }

    Path directory() {
        return dir;
    }

    /** The file of slot {@code slot}'s key of {@code owner} (a model id such as "vit/shuffle/full"). */
    Path file(String owner, int slot) {
        return dir.resolve(owner.replace('/', '_') + "-slot" + slot + ".key");
    }

    /**
     * The {@code count} keys of {@code owner}: read back from their files when the journal records them, else drawn by
     * {@code draw} (slot index to key), saved and recorded.
     */
    List<SecretKey> obtain(String owner, int count, IntFunction<SecretKey> draw) throws IOException {
        Optional<JsonNode> recorded = run.result(STAGE + owner);
        List<SecretKey> keys = new ArrayList<>();
        if (recorded.isPresent()) {
            JsonNode ids = recorded.get().path("key_ids");
            if (ids.size() != count) {
                throw new IllegalStateException(run.journal().file() + ": " + STAGE + owner + " records " + ids.size() + " keys, the run needs " + count);
            }
            for (int slot = 0; slot < count; slot++) {
                Path f = file(owner, slot);
                if (!Files.isRegularFile(f)) {
                    throw new IllegalStateException("the journal records the key of " + owner + " slot " + slot + " in " + f + ", which is missing;"
                            + " the models trained with it cannot be resumed");
                }
                SecretKey k = SecretKey.load(f);
                if (!k.id().equals(ids.get(slot).asText())) {
                    throw new IllegalStateException(f + ": field 'id' is " + k.id() + ", the journal recorded key " + ids.get(slot).asText()
                            + " for " + owner + " slot " + slot + "; the key file was replaced");
                }
                keys.add(k);
            }
            readBack += count;
            return keys;
        }
        List<String> ids = new ArrayList<>(), files = new ArrayList<>();
        for (int slot = 0; slot < count; slot++) {
            SecretKey k = draw.apply(slot);
            Path f = file(owner, slot);
            k.save(f);
            keys.add(k);
            ids.add(k.id());
            files.add(f.getFileName().toString());
        }
        run.markDone(STAGE + owner, Map.of("key_ids", ids, "files", files));
        drawn += count;
        return keys;
    }

    /** e.g. "12 keys drawn, 30 read back". */
    String summary() {
        return drawn + " keys drawn and saved, " + readBack + " read back from " + dir;
    }

    /** Moves every file of keys/ that no journal line records into keys/stale-&lt;time&gt;/. */
    private void setAsideUnrecorded() throws IOException {
        if (!Files.isDirectory(dir)) return;
        Set<String> recorded = new HashSet<>();
        for (String task : run.journal().tasks()) {
            if (task.startsWith(STAGE)) run.result(task).orElseThrow().path("files").forEach(f -> recorded.add(f.asText()));
        }
        List<Path> stale;
        try (Stream<Path> s = Files.list(dir)) {
            stale = s.filter(Files::isRegularFile).filter(f -> !recorded.contains(f.getFileName().toString())).sorted().toList();
        }
        if (stale.isEmpty()) return;
        Path aside = dir.resolve("stale-" + STAMP.format(LocalDateTime.now(ZoneOffset.UTC)));
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            Files.createDirectory(aside, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectory(aside);
        }
        for (Path f : stale) Files.move(f, aside.resolve(f.getFileName()));
        log.printf("keys: set aside %d key file(s) of an earlier attempt that no journal line records (no model of this run was kept with"
                + " them) in %s; their models get new keys%n", stale.size(), aside);
    }
}
