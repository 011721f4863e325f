package dev.mamori.methods.common.judge;

import dev.mamori.eval.metrics.Proportion;
import dev.mamori.methods.genattack.attack.SchemeComparison;
import dev.mamori.models.ConvMixer;
import dev.mamori.nn.init.Init;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JudgeTest {

    private static IndependentClassifier threeClassJudge() {
        Init.seed(3);
        return PerceptualDistanceTest.judge(new ConvMixer(new ConvMixer.Config(8, 1, 3, 2, 3, 3, 16, "gelu")), "convmixer");
    }

    @Test
    void aJudgeBeatsChanceOnlyWhenItsAccuracyIntervalIsAboveOneOverTheClasses() {
        IndependentClassifier c = threeClassJudge();   // 3 classes: chance 1/3
        assertThat(new Judge(c, Proportion.of(90, 100)).beatsChance()).isTrue();
        assertThat(new Judge(c, Proportion.of(100, 300)).beatsChance()).isFalse();    // exactly chance
        assertThat(new Judge(c, Proportion.of(8, 20)).beatsChance()).isFalse();       // 40% but the interval reaches below 1/3
        assertThat(new Judge(c, Proportion.of(6, 100)).beatsChance()).isFalse();      // one class for everything
        assertThat(new Judge(c, null).beatsChance()).isTrue();                        // a given file: trusted, reports say so
    }

    @Test
    void reconstructionScoresTakeNoClassAgreementFromAJudgeAtChance() {
        IndependentClassifier c = threeClassJudge();
        assertThat(SchemeComparison.Scorers.of(new Judge(c, Proportion.of(6, 100)), 1).judge()).isNull();
        assertThat(SchemeComparison.Scorers.of(new Judge(c, Proportion.of(90, 100)), 1).judge()).isNotNull();
        assertThat(SchemeComparison.Scorers.of(new Judge(c, Proportion.of(6, 100)), 1).perceptual()).isNotNull();
    }
}
