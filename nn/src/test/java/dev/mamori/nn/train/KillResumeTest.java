package dev.mamori.nn.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real crash: the toy GAN trains in a separate JVM ({@link GanTrainingMain}), which is killed with SIGKILL
 * (kill -9: no shutdown hook, no finally block runs) at a random step after its first checkpoint - possibly while it
 * writes one. A second JVM resumes from what is on disk; its final state (both models, both optimizers, the EMA) must
 * be byte for byte the state of an uninterrupted run in a third JVM.
 */
class KillResumeTest {
    private static final long TIMEOUT_SECONDS = 300;

    /** A JVM running GanTrainingMain with this test's classpath and native-library settings. */
    private static Process start(Path dir, String mode, String pace) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-XX:+UseSerialGC"));
        String ext = System.getProperty("org.bytedeco.javacpp.platform.extension");
        if (ext != null) cmd.add("-Dorg.bytedeco.javacpp.platform.extension=" + ext);
        cmd.addAll(List.of("-cp", classpath, GanTrainingMain.class.getName(), dir.toString(), mode, pace));
        Files.createDirectories(dir);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(dir.resolve(mode + ".err").toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    /** Runs to the end; returns its stdout lines. */
    private static List<String> runToEnd(Path dir, String mode) throws Exception {
        Process p = start(dir, mode, "free");
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) out.add(line);
        }
        assertThat(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("finished in time").isTrue();
        assertThat(p.exitValue()).as(mode + " run in " + dir + " failed; stderr: " + Files.readString(dir.resolve(mode + ".err"))).isZero();
        return out;
    }

    @Test
    void aRunKilledWithSigkillResumesToTheSameBytes(@TempDir Path dir) throws Exception {
        Path reference = dir.resolve("reference"), victim = dir.resolve("victim");
        assertThat(runToEnd(reference, "fresh")).last().isEqualTo("done " + GanTrainingMain.STEPS);

        // The victim reports each step and waits for a go-ahead. After step k (past the first checkpoint, at step 3)
        // it gets its last one and is killed a random few milliseconds later: in the middle of writing the checkpoint
        // of step k, of computing step k + 1, or waiting after it.
        Random random = new Random();
        int k = 4 + random.nextInt(GanTrainingMain.STEPS - 6);
        long delayMillis = random.nextInt(30);
        String where = "killed " + delayMillis + " ms after the go-ahead following step " + k;
        Process p = start(victim, "fresh", "stepwise");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             Writer go = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.startsWith("step ")) continue;
                go.write("go\n");
                go.flush();
                if (Integer.parseInt(line.substring(5)) == k) {
                    Thread.sleep(delayMillis);
                    p.destroyForcibly(); // SIGKILL on Unix
                    break;
                }
            }
        }
        assertThat(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(where + ": killed, not finished; stderr: " + Files.readString(victim.resolve("fresh.err"))).isEqualTo(137);
        assertThat(victim.resolve("final.safetensors")).as(where).doesNotExist();
        long checkpointStep = Checkpoint.read(victim.resolve("checkpoints"), Trainer.LAST).position().step();
        assertThat(checkpointStep).as(where).isBetween(3L, (long) k + 1);

        assertThat(runToEnd(victim, "resume")).as(where).last().isEqualTo("done " + GanTrainingMain.STEPS);
        assertThat(Files.mismatch(victim.resolve("final.safetensors"), reference.resolve("final.safetensors")))
                .as(where + ", resumed from the checkpoint of step " + checkpointStep + ": the final state files differ at byte").isEqualTo(-1L);
        assertThat(Files.readAllLines(victim.resolve("history.txt"))).as(where)
                .containsExactlyElementsOf(Files.readAllLines(reference.resolve("history.txt")));
    }
}
