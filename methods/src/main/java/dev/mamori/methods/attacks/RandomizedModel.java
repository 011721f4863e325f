package dev.mamori.methods.attacks;

import dev.mamori.autograd.Tensor;

/**
 * A randomized classifier whose randomness is a uniform choice among finitely many deterministic realizations (a
 * multi-key model draws one of its N secret keys per query; an attacker's pool of random keys draws one of its
 * members). An attack that knows the realizations can judge an input exactly: it fools the model for sure only when
 * it fools every realization ({@link GoalJudge}), and EOT can average over all of them ({@link Eot#allRealizations()}).
 * Classifiers whose randomness is not of this kind are judged over repeated draws instead ({@link Attack#draws}).
 */
public interface RandomizedModel {

    /** Whether calls are currently randomized (false when the model is fixed to one realization). */
    boolean isRandomized();

    /** N, the number of realizations. */
    int realizations();

    /** Logits of realization {@code index} (0..N-1) for a batch of images; deterministic and on the tape. */
    Tensor callRealization(int index, Tensor images);
}
