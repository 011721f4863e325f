package dev.mamori.methods.backdoor.poisoning;

import dev.mamori.methods.backdoor.triggers.Trigger;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.stream.IntStream;

/**
 * The test images an attack is measured on: those {@link PoisonSpec#attacks} counts (all-to-one: outside the target
 * class), with the trigger applied, their true labels and the attacker's targets. Attack success rate: triggered images
 * classified as their target; robust accuracy (backdoor sense, BackdoorBench's RA): triggered images classified as
 * their true class.
 */
public record AttackedSet(INDArray triggered, int[] trueLabels, int[] targets, int[] indices) {

    public static AttackedSet of(INDArray images, int[] labels, int numClasses, Trigger trigger, PoisonSpec spec) {
        int[] idx = IntStream.range(0, labels.length).filter(i -> spec.attacks(labels[i])).toArray();
        if (idx.length == 0) throw new IllegalArgumentException("no test image outside the target class to attack");
        int[] truth = new int[idx.length], targets = new int[idx.length];
        for (int k = 0; k < idx.length; k++) {
            truth[k] = labels[idx[k]];
            targets[k] = spec.targetOf(labels[idx[k]], numClasses);
        }
        return new AttackedSet(trigger.apply(Poisoning.rows(images, idx)), truth, targets, idx);
    }

    public int size() {
        return trueLabels.length;
    }
}
