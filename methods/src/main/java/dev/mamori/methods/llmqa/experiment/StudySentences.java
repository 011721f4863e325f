package dev.mamori.methods.llmqa.experiment;

import dev.mamori.methods.llmqa.nativemodels.TrainingSplit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Which of the labelled sentences a study uses, in which order, and which of them the system under test trained on.
 * A model's accuracy on sentences it was trained on is optimistic, so when the training split is known (a native
 * system, or an endpoint serving one) the held-out sentences come first - the stability grid and the greedy search
 * take the first sentences, so they run on held-out ones - and the report states every number on the held-out
 * sentences as the headline, the trained-on ones apart. Without a known split (the lexicon, which learned nothing
 * from these sentences, or an unknown endpoint) every sentence counts alike.
 *
 * @param order  the studied sentences (indices into the dataset): a seeded permutation, held-out ones first
 * @param split  the system's training split, or null when unknown or not applicable
 * @param policy "held_out" (only held-out sentences) or "all"
 */
public record StudySentences(List<Integer> order, TrainingSplit split, String policy) {
    public static final String HELD_OUT = "held out", TRAINED_ON = "trained on (optimistic)", ALL = "all studied";

    /** How a report names a group's sentences: "the held-out sentences", "all studied sentences", ... */
    public static String phrase(String group) {
        return switch (group) {
            case HELD_OUT -> "the held-out sentences";
            case TRAINED_ON -> "the sentences the model trained on (optimistic)";
            default -> "all studied sentences";
        };
    }

    public StudySentences {
        order = List.copyOf(order);
    }

    /**
     * The sentences of a study over a dataset of {@code size}: the config's policy ({@code auto}: held_out when the
     * system is in process and its split known, all otherwise), {@code items} of them (0 = all).
     *
     * @param split    the system's training split, or null
     * @param inProcess whether the system under test is the native model itself (not an endpoint)
     */
    public static StudySentences choose(LlmQaConfig cfg, int size, TrainingSplit split, boolean inProcess) {
        String policy = switch (cfg.sentences) {
            case "held_out" -> {
                if (split == null) {
                    throw LlmQaConfig.invalid("sentences", "'all' or 'auto' for a system whose training sentences are unknown (held_out needs a native"
                            + " system, or --trained-on naming the model an endpoint serves)");
                }
                yield "held_out";
            }
            case "all" -> "all";
            default -> split != null && inProcess ? "held_out" : "all";
        };
        List<Integer> perm = new ArrayList<>();
        for (int i = 0; i < size; i++) perm.add(i);
        Collections.shuffle(perm, new Random(cfg.seed));
        List<Integer> order = new ArrayList<>();
        if (split != null) {
            for (int i : perm) if (split.isHeldOut(i)) order.add(i);
            if (policy.equals("all")) for (int i : perm) if (!split.isHeldOut(i)) order.add(i);
        } else {
            order.addAll(perm);
        }
        if (cfg.items > 0 && cfg.items < order.size()) order = order.subList(0, cfg.items);
        return new StudySentences(order, split, policy);
    }

    /** The first {@code n} studied sentences. */
    public List<Integer> first(int n) {
        return order.subList(0, Math.min(n, order.size()));
    }

    /** Whether the system under test is known not to have trained on sentence {@code index}. */
    public boolean heldOut(int index) {
        return split != null && split.isHeldOut(index);
    }

    /**
     * {@code items} grouped as the report shows them: with a known split, {@link #HELD_OUT} (the headline) and
     * {@link #TRAINED_ON}, each only when not empty; otherwise one group {@link #ALL}.
     */
    public Map<String, List<Integer>> groups(List<Integer> items) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        if (split == null) {
            out.put(ALL, items);
            return out;
        }
        List<Integer> held = new ArrayList<>(), trained = new ArrayList<>();
        for (int i : items) (split.isHeldOut(i) ? held : trained).add(i);
        if (!held.isEmpty()) out.put(HELD_OUT, held);
        if (!trained.isEmpty()) out.put(TRAINED_ON, trained);
        return out;
    }

    /** The group the headline numbers (and the claims) come from. */
    public String headline() {
        return order.isEmpty() ? (split == null ? ALL : HELD_OUT) : groups(order).keySet().iterator().next();
    }

    /** How many of {@code items} are held out. */
    public int heldOutCount(List<Integer> items) {
        return split == null ? 0 : (int) items.stream().filter(split::isHeldOut).count();
    }
}
