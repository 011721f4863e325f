package dev.mamori.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class GroupSplitTest {
    @Test
    void holdsOutTheRoundedShareOfEveryStratumDeterministically() {
        Map<String, String> strata = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) strata.put("a" + i, "A");
        for (int i = 0; i < 3; i++) strata.put("b" + i, "B");
        Set<String> test = GroupSplit.testGroups(strata, 0.2, 5);
        assertThat(test.stream().filter(g -> g.startsWith("a"))).hasSize(2);
        assertThat(test.stream().filter(g -> g.startsWith("b"))).hasSize(1); // round(0.6)
        assertThat(GroupSplit.testGroups(strata, 0.2, 5)).isEqualTo(test);
        assertThat(GroupSplit.testGroups(new TreeMap<>(strata).descendingMap(), 0.2, 5)).as("order of input").isEqualTo(test);
        boolean differs = false;
        for (long seed = 6; seed < 12 && !differs; seed++) differs = !GroupSplit.testGroups(strata, 0.2, seed).equals(test);
        assertThat(differs).isTrue();
        assertThat(GroupSplit.testGroups(strata.keySet(), 0.5, 0)).hasSize(7); // round(6.5) = 7, one stratum
    }
}
