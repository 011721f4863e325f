package dev.mamori.methods.backdoor.poisoning;

import dev.mamori.methods.backdoor.triggers.PatchTrigger;
import dev.mamori.methods.backdoor.triggers.Trigger;
import dev.mamori.methods.backdoor.triggers.WaNetTrigger;
import dev.mamori.methods.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PoisoningTest {
    private static final int N = 200, K = 5;
    private static final INDArray IMAGES = TestImages.eightBit(1, N, 1, 8, 8);
    private static final int[] LABELS = new int[N];
    private static final Trigger PATCH = PatchTrigger.badNets(1, 8, 8, 2, 1, 0, 0);

    static {
        for (int i = 0; i < N; i++) LABELS[i] = i % K;
    }

    private static boolean stamped(INDArray images, int i) {
        return images.getFloat(i, 0, 7, 7) == 1f && images.getFloat(i, 0, 6, 6) == 1f && images.getFloat(i, 0, 6, 7) == 1f;
    }

    @Test
    void allToOnePoisonsExactlyTheRatioOutsideTheTargetAndIsSeeded() {
        PoisonSpec spec = PoisonSpec.allToOne(0.1, 2);
        PoisonedSet p = Poisoning.poison(IMAGES, LABELS, K, PATCH, spec, 7);
        assertThat(p.poisoned()).hasSize(20).isSorted().doesNotHaveDuplicates();
        for (int i : p.poisoned()) {
            assertThat(LABELS[i]).isNotEqualTo(2);
            assertThat(p.labels()[i]).isEqualTo(2);
            assertThat(stamped(p.images(), i)).isTrue();
        }
        Set<Integer> poisoned = new HashSet<>();
        for (int i : p.poisoned()) poisoned.add(i);
        for (int i = 0; i < N; i++) {
            if (poisoned.contains(i)) continue;
            assertThat(p.labels()[i]).isEqualTo(LABELS[i]);
            assertThat(p.images().get(NDArrayIndex.point(i)).equalsWithEps(IMAGES.get(NDArrayIndex.point(i)), 0)).isTrue();
        }
        assertThat(p.originalLabels()).containsExactly(LABELS);
        PoisonedSet again = Poisoning.poison(IMAGES, LABELS, K, PATCH, spec, 7);
        assertThat(again.poisoned()).containsExactly(p.poisoned());
        assertThat(again.images().equalsWithEps(p.images(), 0)).isTrue();
        assertThat(Poisoning.poison(IMAGES, LABELS, K, PATCH, spec, 8).poisoned()).isNotEqualTo(p.poisoned());
        assertThat(IMAGES.getFloat(p.poisoned()[0], 0, 7, 7)).as("the input is untouched").isEqualTo(TestImages.eightBit(1, N, 1, 8, 8).getFloat(p.poisoned()[0], 0, 7, 7));
    }

    @Test
    void allToAllShiftsEveryLabelByOne() {
        PoisonedSet p = Poisoning.poison(IMAGES, LABELS, K, PATCH, PoisonSpec.allToAll(0.25), 1);
        assertThat(p.poisoned()).hasSize(50);
        for (int i : p.poisoned()) assertThat(p.labels()[i]).isEqualTo((LABELS[i] + 1) % K);
        assertThat(Arrays.stream(p.poisoned()).map(i -> LABELS[i]).distinct().count()).isEqualTo(K);
        assertThat(PoisonSpec.allToAll(0.1).attacks(0)).isTrue();
        assertThat(PoisonSpec.allToOne(0.1, 0).attacks(0)).isFalse();
    }

    @Test
    void cleanLabelPoisonsOnlyTheTargetClassAndKeepsLabels() {
        PoisonedSet p = Poisoning.poison(IMAGES, LABELS, K, PATCH, PoisonSpec.allToOne(0.15, 3).withCleanLabel(true), 2);
        assertThat(p.poisoned()).hasSize(30);
        for (int i : p.poisoned()) {
            assertThat(LABELS[i]).isEqualTo(3);
            assertThat(stamped(p.images(), i)).isTrue();
        }
        assertThat(p.labels()).containsExactly(LABELS);
        assertThatThrownBy(() -> Poisoning.poison(IMAGES, LABELS, K, PATCH, PoisonSpec.allToOne(0.3, 3).withCleanLabel(true), 2))
                .hasMessageContaining("only 40 are eligible");
        assertThatThrownBy(() -> new PoisonSpec(0.1, TargetMode.ALL_TO_ALL, 0, true, 0)).hasMessageContaining("all-to-one");
    }

    @Test
    void noiseModeImagesKeepTheirLabelsAndAreDisjointFromThePoisonedOnes() {
        WaNetTrigger w = WaNetTrigger.random(1, 8, 4, 0.5, 1, 0);
        PoisonedSet p = Poisoning.poison(IMAGES, LABELS, K, w, PoisonSpec.allToOne(0.1, 0).withCrossRatio(2), 3);
        assertThat(p.poisoned()).hasSize(20);
        assertThat(p.noise()).hasSize(40).isSorted();
        Set<Integer> poisoned = new HashSet<>();
        for (int i : p.poisoned()) poisoned.add(i);
        for (int i : p.noise()) {
            assertThat(poisoned).doesNotContain(i);
            assertThat(p.labels()[i]).isEqualTo(LABELS[i]);
            assertThat(p.images().get(NDArrayIndex.point(i)).equalsWithEps(IMAGES.get(NDArrayIndex.point(i)), 1e-6)).isFalse();
        }
        assertThatThrownBy(() -> Poisoning.poison(IMAGES, LABELS, K, PATCH, PoisonSpec.allToOne(0.1, 0).withCrossRatio(1), 3))
                .hasMessageContaining("no noise mode");
    }

    @Test
    void badRequestsAreClearErrors() {
        assertThatThrownBy(() -> PoisonSpec.allToOne(0, 1)).hasMessageContaining("ratio");
        assertThatThrownBy(() -> Poisoning.poison(IMAGES, LABELS, K, PATCH, PoisonSpec.allToOne(0.1, 7), 0)).hasMessageContaining("target class 7");
        assertThatThrownBy(() -> Poisoning.poison(IMAGES, Arrays.copyOf(LABELS, 10), K, PATCH, PoisonSpec.allToOne(0.1, 0), 0))
                .hasMessageContaining("10 labels");
        assertThatThrownBy(() -> Poisoning.poison(IMAGES, LABELS, K, PATCH, PoisonSpec.allToOne(0.001, 0), 0)).hasMessageContaining("poisons none");
    }

    @Test
    void attackedSetHoldsTheNonTargetImagesWithTheTrigger() {
        AttackedSet a = AttackedSet.of(IMAGES, LABELS, K, PATCH, PoisonSpec.allToOne(0.1, 1));
        assertThat(a.size()).isEqualTo(160);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.trueLabels()[i]).isNotEqualTo(1);
            assertThat(a.targets()[i]).isEqualTo(1);
            assertThat(stamped(a.triggered(), i)).isTrue();
        }
        AttackedSet all = AttackedSet.of(IMAGES, LABELS, K, PATCH, PoisonSpec.allToAll(0.1));
        assertThat(all.size()).isEqualTo(N);
        assertThat(all.targets()[4]).isEqualTo(0);
    }
}
