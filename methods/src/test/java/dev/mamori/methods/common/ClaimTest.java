package dev.mamori.methods.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mamori.eval.report.ExperimentReport;
import dev.mamori.eval.report.WrittenReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClaimTest {

    @Test
    void theVerdictFollowsFromPassingCasesAndNoCaseIsNotMeasured() {
        assertThat(Verdict.of(0, 0)).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(Verdict.of(3, 3)).isEqualTo(Verdict.HOLDS);
        assertThat(Verdict.of(0, 3)).isEqualTo(Verdict.DOES_NOT_HOLD);
        assertThat(Verdict.of(1, 3)).isEqualTo(Verdict.PARTLY);
        assertThatThrownBy(() -> Verdict.of(4, 3)).hasMessageContaining("4 passing of 3");
        assertThat(Claim.decide("s", 0, 0, "r", "e").verdict()).isEqualTo(Verdict.NOT_MEASURED);
        assertThat(Claim.notMeasured("s", "r", "no model").verdict()).isEqualTo(Verdict.NOT_MEASURED);
    }

    @Test
    void verdictsAreWrittenAsWords() throws Exception {
        assertThat(Verdict.DOES_NOT_HOLD.label()).isEqualTo("does not hold");
        assertThat(new ObjectMapper().writeValueAsString(Claim.decide("s", 1, 2, "r", "e"))).contains("\"verdict\":\"partly\"");
    }

    @Test
    void theClaimsSectionListsEveryClaimWithRuleAndEvidence(@TempDir Path dir) throws Exception {
        ExperimentReport r = ExperimentReport.named("claims");
        ClaimsSection.add(r, List.of(Claim.decide("A holds.", 2, 2, "both cases pass", "2 of 2."),
                Claim.notMeasured("B is robust.", "robust accuracy above 50%", "No attack was configured.")));
        WrittenReport w = r.writeTo(dir);
        String md = Files.readString(w.markdown());
        assertThat(md).contains("Claims and verdicts").contains("Claim 1 - holds. A holds.").contains("Rule: both cases pass.")
                .contains("Claim 2 - not measured. B is robust.").contains("Evidence: No attack was configured.");
        assertThat(Files.readString(w.resultsJson())).contains("not measured");
    }

    /** Seeds of named parts are those of earlier versions (computed with the code before it moved here). */
    @Test
    void namedSeedsAreStable() {
        assertThat(ExperimentSeeds.of(0, "vit/shuffle/key/0")).isEqualTo(8285504457104167218L);
        assertThat(ExperimentSeeds.of(42, "convmixer/train")).isEqualTo(7739508386104827672L);
    }

    @Test
    void configErrorsNameTheField() {
        assertThat(ExperimentConfig.invalid("epochs", "a positive number")).hasMessage("config field 'epochs': expected a positive number");
        assertThat(ExperimentConfig.defaultRunDirectory("x").toString()).matches("runs/x-\\d{8}-\\d{6}");
    }
}
