package dev.mamori.nn.train;

import dev.mamori.nn.OneNd4jThread;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The toy GAN's training as a process of its own, for the kill -9 test: {@code <run dir> fresh|resume free|stepwise}.
 * Prints "step N" after every step (so the test knows how far it got); "stepwise" then waits for a line on stdin before
 * going on, so the test decides how far the run gets whatever the machine's load. Checkpoints into
 * {@code <run dir>/checkpoints} every 3 steps and every 0.2 s; at the end writes the whole training state to
 * {@code <run dir>/final.safetensors} and the history to {@code <run dir>/history.txt}.
 */
public final class GanTrainingMain {
    static final int EPOCHS = 4;
    static final int STEPS = 40; // 160 points in batches of 16: 10 per epoch

    private GanTrainingMain() {}

    public static void main(String[] args) throws Exception {
        OneNd4jThread.configure();
        Path dir = Path.of(args[0]);
        boolean resume = args[1].equals("resume");
        boolean stepwise = args[2].equals("stepwise");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        ToyGan gan = new ToyGan(resume ? 99 : 1); // a resumed run starts from other weights: only the checkpoint can fix them
        TrainingStep<INDArray> inner = gan.step();
        TrainingStep<INDArray> reporting = (batch, ctx) -> {
            StepResult r = inner.run(batch, ctx);
            System.out.println("step " + (ctx.globalStep() + 1));
            System.out.flush();
            if (stepwise) awaitGo(in);
            return r;
        };
        Trainer<INDArray> t = gan.trainer(reporting, ToyGan.config(EPOCHS).withCheckpoints(dir.resolve("checkpoints"), 3)
                .withCheckpointEverySeconds(0.2));
        Trainer.Result r = resume ? t.resume(ToyGan.ring(160, 16)) : t.fit(ToyGan.ring(160, 16));
        ToyGan.writeState(t, dir.resolve("final.safetensors"));
        Files.write(dir.resolve("history.txt"), ToyGan.history(r.history()));
        System.out.println("done " + r.steps());
    }

    private static void awaitGo(BufferedReader in) {
        try {
            if (in.readLine() == null) throw new IllegalStateException("stdin closed: the test stopped driving this run");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
