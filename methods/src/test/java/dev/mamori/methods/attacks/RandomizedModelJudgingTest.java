package dev.mamori.methods.attacks;

import dev.mamori.models.Classifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Randomized models judged over repeated draws: early stopping on one lucky draw would leave an example at a point
 * that fools only some draws, and a one-draw verdict would then count many of them robust, reporting more robustness
 * than the model has. The tests compare an attack with and without early stopping on the same randomized model (a coin
 * flip between two trained CNNs per image and call).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RandomizedModelJudgingTest {
    private static final int N = 100;
    private FashionModel fashion;
    private CoinFlipModel coin;
    private INDArray x;
    private int[] y;

    @BeforeAll
    void setUp() {
        fashion = FashionModel.get();
        coin = new CoinFlipModel(List.of(fashion.model, fashion.surrogate()), 5);
        x = fashion.images(N);
        y = fashion.labels(N);
    }

    @Test
    void aRandomizedModelIsNotMadeMoreRobustByEarlyStopping() {
        for (double eps : new double[]{0.05, 0.1}) {
            AttackResult early = Pgd.linf(coin, eps).steps(20).seed(1).run(x, y);
            AttackResult full = Pgd.linf(coin, eps).steps(20).seed(1).earlyStop(false).run(x, y);
            System.out.printf("coin flip, eps %.2f: PGD-20 with early stop %s, without %s%n", eps, early.robustAccuracy(), full.robustAccuracy());
            assertThat(early.robustAccuracy().value()).as("eps %s: early stopping may not add robustness", eps)
                    .isLessThanOrEqualTo(full.robustAccuracy().value() + 0.03);
        }
    }

    @Test
    void squareDoesNotStopOnALuckyQuery() {
        AttackResult square = new Square(coin, 0.1).queries(300).seed(2).run(x, y);
        // every example Square reports broken fools both members
        int brokenOnBoth = 0;
        int[] a = RobustnessCheck.predict(coin.member(0), square.adversarial()), b = RobustnessCheck.predict(coin.member(1), square.adversarial());
        for (int i = 0; i < N; i++) {
            boolean right = square.cleanPredictions()[i] == y[i];
            if (right && a[i] != y[i] && b[i] != y[i]) brokenOnBoth++;
        }
        long reportedBroken = square.successRate().successes();
        System.out.printf("coin flip, Square-300: %d reported broken, %d fool both members%n", reportedBroken, brokenOnBoth);
        assertThat(reportedBroken).isLessThanOrEqualTo(brokenOnBoth);
        assertThat(reportedBroken).as("Square still breaks the randomized model").isGreaterThan(N / 4);
    }

    @Test
    void aModelWithKnownRealizationsIsJudgedOnEveryOneOfThem() {
        RandomizedCoin declared = new RandomizedCoin(coin);
        AttackResult early = Pgd.linf(declared, 0.1).steps(20).seed(1).run(x, y);
        AttackResult full = Pgd.linf(declared, 0.1).steps(20).seed(1).earlyStop(false).run(x, y);
        assertThat(early.robustAccuracy().value()).isLessThanOrEqualTo(full.robustAccuracy().value() + 0.03);
        assertThat(early.judgeRule()).contains("all 2 realizations");
        assertThat(early.judgeEvaluations()).isEqualTo(2);
        int[] a = RobustnessCheck.predict(coin.member(0), early.adversarial()), b = RobustnessCheck.predict(coin.member(1), early.adversarial());
        double perDraw = 0;
        for (int i = 0; i < N; i++) {
            boolean fooledBoth = a[i] != y[i] && b[i] != y[i];
            assertThat(early.success()[i]).as("example %d is broken exactly when both realizations are fooled", i).isEqualTo(fooledBoth);
            if (early.cleanPredictions()[i] == y[i]) perDraw += ((a[i] == y[i] ? 1 : 0) + (b[i] == y[i] ? 1 : 0)) / 2.0;
        }
        assertThat(early.perDrawRobustAccuracy()).isCloseTo(perDraw / N, org.assertj.core.data.Offset.offset(1e-9))
                .isLessThanOrEqualTo(early.robustAccuracy().value());
        System.out.printf("declared coin flip, PGD-20 eps 0.1: robust %s (all realizations), %.2f per query; without early stop %s%n",
                early.robustAccuracy(), early.perDrawRobustAccuracy(), full.robustAccuracy());
        // a deterministic model is judged by one call
        AttackResult plain = Pgd.linf(fashion.model, 0.1).steps(5).run(x, y);
        assertThat(plain.judgeEvaluations()).isEqualTo(1);
        assertThat(plain.perDrawRobustAccuracy()).isEqualTo(plain.robustAccuracy().value());
    }

    @Test
    void squareOnKnownRealizationsComparesUnderTheSameDrawAndStopsOnlyWhenEveryOneIsFooled() {
        RandomizedCoin declared = new RandomizedCoin(coin);
        AttackResult square = new Square(declared, 0.1).queries(300).seed(3).run(x, y);
        int[] a = RobustnessCheck.predict(coin.member(0), square.adversarial()), b = RobustnessCheck.predict(coin.member(1), square.adversarial());
        int fooledBoth = 0;
        for (int i = 0; i < N; i++) {
            boolean both = a[i] != y[i] && b[i] != y[i];
            assertThat(square.success()[i]).as("example %d", i).isEqualTo(both);
            if (both && square.cleanPredictions()[i] == y[i]) fooledBoth++;
        }
        System.out.printf("declared coin flip, Square-300: %d broken (both members fooled), %.1f queries per example%n", fooledBoth, square.meanQueries());
        assertThat(fooledBoth).as("Square still breaks the randomized model").isGreaterThan(N / 4);
        // two queries per iteration (the current point and the proposal on the drawn key) plus the checks on the other key
        assertThat(square.meanQueries()).isLessThan(4 * 300 + 10);
    }
}
