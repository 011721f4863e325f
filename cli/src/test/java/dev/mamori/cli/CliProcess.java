package dev.mamori.cli;

import dev.mamori.data.catalog.DataCatalog;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real {@code mamori} command in a child JVM ({@link Main#main}, so {@code System.exit} gives the exit code), with
 * the test's classpath and native-library settings, one ND4J/OpenMP thread, and its standard output and error kept
 * in files of the working directory. The test helpers for subprocess tests of the command line.
 */
final class CliProcess {
    static final long TIMEOUT_SECONDS = 300;

    /** A finished run: exit code, standard output and standard error. */
    record Result(int code, String out, String err) {
        /** Standard error and output together, for messages. */
        String all() {
            return err + out;
        }
    }

    private CliProcess() {}

    /** Starts {@code mamori args...} in {@code workDir}; output goes to workDir/&lt;name&gt;.out and .err. */
    static Process start(Path workDir, String name, String... args) throws IOException {
        Files.createDirectories(workDir);
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-XX:+UseSerialGC", "-Djava.awt.headless=true"));
        String ext = System.getProperty("org.bytedeco.javacpp.platform.extension");
        if (ext != null) cmd.add("-Dorg.bytedeco.javacpp.platform.extension=" + ext);
        cmd.addAll(List.of("-cp", classpath, Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(workDir.resolve(name + ".out").toFile()).redirectError(workDir.resolve(name + ".err").toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("OMP_WAIT_POLICY", "passive");
        pb.environment().remove("MAMORI_DEBUG");
        return pb.start();
    }

    /** Runs {@code mamori args...} to its end in {@code workDir}. */
    static Result run(Path workDir, String name, String... args) throws Exception {
        Process p = start(workDir, name, args);
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("mamori " + String.join(" ", args) + " did not finish in " + TIMEOUT_SECONDS + " s (a hang)");
        }
        return new Result(p.exitValue(), Files.readString(workDir.resolve(name + ".out"), StandardCharsets.UTF_8),
                Files.readString(workDir.resolve(name + ".err"), StandardCharsets.UTF_8));
    }

    /**
     * Waits until {@code ready} holds (or the process ends), then {@code delayMillis} more, and kills the process with
     * SIGKILL (kill -9: no shutdown hook, no finally block); asserts it was killed, not finished, saying {@code where}.
     */
    static void killWhen(Process p, java.util.function.BooleanSupplier ready, long delayMillis, String where) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (p.isAlive() && System.nanoTime() < deadline && !ready.getAsBoolean()) Thread.sleep(2);
        Thread.sleep(delayMillis);
        p.destroyForcibly(); // SIGKILL on Unix
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(where + ": killed, not finished").isEqualTo(137);
    }

    /** Asserts the exit code and that standard error contains every fragment. */
    static void expect(Result r, int code, String... fragments) {
        assertThat(r.code()).as("exit code; stderr:\n" + r.err()).isEqualTo(code);
        for (String f : fragments) assertThat(r.err()).as("stderr").contains(f);
    }

    /** Skips when Fashion-MNIST is not installed, unless the real data is required (CI): then it fails. */
    static void requireFashionMnist() {
        requireDataset("fashion-mnist");
    }

    /**
     * Skips a test whose catalog dataset is not installed, except under MAMORI_REQUIRE_REAL_DATA=1 (CI with the data
     * installed by .ci/install-data), where it fails.
     */
    static void requireDataset(String name) {
        boolean present = DataCatalog.fromEnvironment().locate(name).isPresent();
        if ("1".equals(System.getenv("MAMORI_REQUIRE_REAL_DATA"))) {
            assertThat(present).as("MAMORI_REQUIRE_REAL_DATA=1 but " + name + " is not installed").isTrue();
        }
        Assumptions.assumeTrue(present, name + " is not installed (.ci/install-data)");
    }
}
