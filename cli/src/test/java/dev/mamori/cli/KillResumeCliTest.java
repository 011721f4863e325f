package dev.mamori.cli;

import dev.mamori.nn.train.Checkpoint;
import dev.mamori.nn.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static dev.mamori.cli.CliProcess.expect;
import static dev.mamori.cli.CliProcess.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mamori train} killed with SIGKILL (kill -9: no shutdown hook, no finally block) at a random moment after its
 * first checkpoint, then {@code mamori train --resume RUN_DIR} in a new process, ends with a model file that is byte
 * for byte the one of an uninterrupted run of the same config and seed; its metrics file holds every epoch once, and
 * a plain re-run into the directory is refused. The run: a small CNN on 512 Fashion-MNIST images (26 of them held out
 * for validation), 3 epochs of 16 steps, a checkpoint every 2 steps, one thread (see docs/ARCHITECTURE.md,
 * "Reproducibility").
 */
class KillResumeCliTest {
    private static final List<String> TRAIN = List.of("train", "--model", "simple_cnn", "--model-config", "width=4,hidden=16",
            "--train-subset", "512", "--test-subset", "100", "--epochs", "3", "--batch-size", "32", "--lr", "0.003", "--seed", "7",
            "--checkpoint-every-steps", "2");

    private static String[] train(Path out) {
        List<String> a = new ArrayList<>(TRAIN);
        a.addAll(List.of("--out", out.toString()));
        return a.toArray(String[]::new);
    }

    @Test
    void aTrainingProcessKilledWithSigkillResumesToTheSameBytes(@TempDir Path dir) throws Exception {
        CliProcess.requireFashionMnist();
        Path reference = dir.resolve("reference"), victim = dir.resolve("victim");
        expect(run(dir, "reference", train(reference)), 0);

        // the victim is killed a random few milliseconds after its checkpoint of a random step k: in the middle of
        // computing step k + 1, of writing the next checkpoint, or of an epoch-end validation
        Random random = new Random();
        int k = 2 * (1 + random.nextInt(20)); // checkpoints come every 2 steps: 2, 4, ..., 40 of 48
        long delayMillis = random.nextInt(40);
        Process p = CliProcess.start(dir, "victim", train(victim));
        Path checkpoints = victim.resolve("checkpoints");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CliProcess.TIMEOUT_SECONDS);
        while (p.isAlive() && System.nanoTime() < deadline && checkpointStep(checkpoints) < k) Thread.sleep(2);
        Thread.sleep(delayMillis);
        p.destroyForcibly(); // SIGKILL on Unix
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String where = "killed " + delayMillis + " ms after the checkpoint of step " + k;
        assertThat(p.exitValue()).as(where + ": killed, not finished; stderr: " + Files.readString(dir.resolve("victim.err"))).isEqualTo(137);
        assertThat(victim.resolve("model.safetensors")).as(where).doesNotExist();
        long step = Checkpoint.read(victim.resolve("checkpoints"), Trainer.LAST).position().step();

        // a plain re-run into the directory is refused; the resumed run needs no options but may change the checkpoint interval
        expect(run(dir, "rerun", train(victim)), 2, "already holds a run", "--resume " + victim);
        CliProcess.Result conflicting = run(dir, "conflict", "train", "--resume", victim.toString(), "--lr", "0.01");
        expect(conflicting, 2, "--lr: expected the value of the run being resumed (0.003");
        CliProcess.Result resumed = run(dir, "resumed", "train", "--resume", victim.toString(), "--checkpoint-every-seconds", "60");
        expect(resumed, 0, "resuming");

        assertThat(Files.mismatch(victim.resolve("model.safetensors"), reference.resolve("model.safetensors")))
                .as(where + ", resumed from the checkpoint of step " + step + ": the model files differ at byte; headers:\n"
                        + header(victim) + "\n" + header(reference)).isEqualTo(-1L);
        assertThat(Files.readAllLines(victim.resolve("metrics.jsonl"))).as("one line per epoch, none twice").hasSize(3);
        List<String> epochs = Files.readAllLines(victim.resolve("metrics.jsonl")).stream().map(l -> l.replaceAll(",\"seconds.*", "")).toList();
        assertThat(epochs).containsExactlyElementsOf(
                Files.readAllLines(reference.resolve("metrics.jsonl")).stream().map(l -> l.replaceAll(",\"seconds.*", "")).toList());
        assertThat(normalized(resumed.out(), victim)).as("the printed result").isEqualTo(normalized(runOut(dir, "reference"), reference));
    }

    /** The start of a model file (its header), for a message. */
    private static String header(Path runDir) throws java.io.IOException {
        byte[] b = Files.readAllBytes(runDir.resolve("model.safetensors"));
        return new String(b, 0, Math.min(b.length, 600), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** The step of the last checkpoint, or -1 while there is none. */
    private static long checkpointStep(Path checkpoints) {
        if (!Checkpoint.exists(checkpoints, Trainer.LAST)) return -1;
        try {
            return Checkpoint.read(checkpoints, Trainer.LAST).position().step();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    /** A run's printed result without its directory and timing. */
    private static String normalized(String out, Path runDir) {
        return out.replace(runDir.toString(), "RUN").replaceAll("\\d+ s training", "N s training");
    }

    private static String runOut(Path dir, String name) throws Exception {
        return Files.readString(dir.resolve(name + ".out"));
    }
}
