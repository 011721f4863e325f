package dev.mamori.methods.backdoor.baselines;

import dev.mamori.autograd.GradMode;
import dev.mamori.autograd.MemoryScope;
import dev.mamori.autograd.Tensor;
import dev.mamori.methods.backdoor.Defense;
import dev.mamori.methods.backdoor.DefenseContext;
import dev.mamori.methods.backdoor.DefenseRun;
import dev.mamori.methods.backdoor.DefenseSamples;
import dev.mamori.methods.backdoor.ModelCopies;
import dev.mamori.methods.backdoor.TrainingAdapter;
import dev.mamori.methods.common.InMemoryBatchSource;
import dev.mamori.models.Normalized;
import dev.mamori.nn.ActivationCapture;
import dev.mamori.nn.Stochastic;
import dev.mamori.nn.losses.Losses;
import dev.mamori.nn.optim.Sgd;
import dev.mamori.nn.train.TrainBatch;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Neural Attention Distillation (Li et al., ICLR 2021): a teacher is the backdoored model fine-tuned on the clean
 * samples; the backdoored model (the student) is then trained on the same samples with cross-entropy plus
 * beta * || A(F_s) - A(F_t) ||^2 at each chosen layer, where A(F) = normalize(mean_c |F_c|^p) is the spatial attention
 * map (p = 2), as in the reference code.
 */
public final class Nad implements Defense {
    private final List<String> layers;
    private final double beta;
    private final double p;
    private final TrainingAdapter.Settings teacherSettings;
    private final int studentEpochs;
    private final int batchSize;

    public Nad(List<String> layers, double beta, double p, TrainingAdapter.Settings teacherSettings, int studentEpochs, int batchSize) {
        if (layers.isEmpty()) throw new IllegalArgumentException("NAD needs at least one layer");
        if (!(beta >= 0)) throw new IllegalArgumentException("NAD beta must be >= 0; got " + beta);
        if (studentEpochs < 1) throw new IllegalArgumentException("NAD student epochs must be >= 1");
        this.layers = List.copyOf(layers);
        this.beta = beta;
        this.p = p;
        this.teacherSettings = teacherSettings;
        this.studentEpochs = studentEpochs;
        this.batchSize = batchSize;
    }

    @Override
    public String name() {
        return "nad";
    }

    @Override
    public String describe() {
        return "NAD: teacher fine-tuned (" + teacherSettings.describe() + "), student " + studentEpochs + " epochs of CE + " + beta
                + " x attention loss (p = " + p + ") at " + layers;
    }

    @Override
    public DefenseRun defend(Normalized model, DefenseContext context) {
        DefenseSamples s = context.samples().checkFor(model);
        long t0 = System.nanoTime();
        List<String> paths = layers.stream().map(l -> Layers.resolve(model, l)).toList();
        Normalized teacher = ModelCopies.copy(model);
        FineTuning.tune(teacher, s, teacherSettings, batchSize);
        teacher.eval();
        InMemoryBatchSource data = new InMemoryBatchSource(s.images(), s.labels(), Math.min(batchSize, s.size()), true);
        Sgd opt = new Sgd(model.trainableParameters(), teacherSettings.lr(), teacherSettings.momentum(), 0, teacherSettings.weightDecay(), false);
        double lastAttention = 0;
        long steps = 0;
        model.train();
        for (int epoch = 0; epoch < studentEpochs; epoch++) {
            Iterator<TrainBatch> it = data.epoch(epoch, teacherSettings.seed() + 1);
            while (it.hasNext()) {
                TrainBatch b = it.next();
                List<Tensor> targets = new ArrayList<>();
                try (ActivationCapture tc = ActivationCapture.of(teacher, paths.toArray(String[]::new)); GradMode.Scope off = GradMode.noGrad()) {
                    teacher.call(Tensor.of(b.inputs()));
                    for (String path : paths) targets.add(Tensor.of(MemoryScope.keep(attention(tc.tensor(path), p).value().dup())));
                }
                Stochastic.reseedAll(model, Stochastic.mix(teacherSettings.seed(), steps));
                try (MemoryScope ignored = MemoryScope.open("backdoor-nad"); ActivationCapture sc = ActivationCapture.of(model, paths.toArray(String[]::new))) {
                    opt.zeroGrad();
                    Tensor logits = model.call(Tensor.of(b.inputs()));
                    Tensor loss = Losses.crossEntropy(logits, b.labels());
                    Tensor at = null;
                    for (int i = 0; i < paths.size(); i++) {
                        Tensor d = attention(sc.tensor(paths.get(i)), p).sub(targets.get(i)).square().mean();
                        at = at == null ? d : at.add(d);
                    }
                    loss = loss.add(at.mul(beta));
                    loss.backward();
                    opt.step();
                    lastAttention = at.item();
                }
                steps++;
            }
        }
        MemoryScope.release("backdoor-nad");
        model.eval();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("layers", paths);
        details.put("student_steps", steps);
        details.put("final_attention_loss", lastAttention);
        return DefenseRun.single(name(), (System.nanoTime() - t0) / 1e9, s.size(), details);
    }

    /** A(F) = normalize(mean over channels of |F|^p) per example, flattened: [N, H*W] (or [N, 1] for [N, C] inputs). */
    static Tensor attention(Tensor fm, double p) {
        Tensor a = fm.abs().pow(p);
        Tensor am = fm.dim() == 4 ? a.mean(false, 1).flatten(1) : a.mean(true, 1);
        Tensor norm = am.square().sum(true, 1).add(1e-12).sqrt();
        return am.div(norm);
    }
}
