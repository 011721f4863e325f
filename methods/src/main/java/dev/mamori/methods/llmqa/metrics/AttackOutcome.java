package dev.mamori.methods.llmqa.metrics;

import dev.mamori.eval.metrics.Interval;
import dev.mamori.eval.metrics.WilsonInterval;
import dev.mamori.methods.llmqa.Sentiment;

import java.util.List;

/**
 * The outcome of one attack over a set of items, from per-item records.
 *
 * @param attack           attack name ("synonym/random")
 * @param items            items attacked
 * @param cleanCorrect     items answered correctly before the attack
 * @param attackedCorrect  items answered correctly after it
 * @param successes        originally correct items answered wrongly after it (another label or INVALID)
 * @param meanWordsChanged mean words changed per item
 * @param meanQueries      mean queries per item (the clean query and the attack's own)
 */
public record AttackOutcome(String attack, int items, int cleanCorrect, int attackedCorrect, int successes, double meanWordsChanged,
                            double meanQueries) {

    /** One attacked item. */
    public record Item(Sentiment truth, Sentiment clean, Sentiment attacked, int wordsChanged, int queries) {}

    public static AttackOutcome of(String attack, List<Item> items) {
        int cc = 0, ac = 0, s = 0;
        double words = 0, queries = 0;
        for (Item i : items) {
            if (i.clean() == i.truth()) {
                cc++;
                if (i.attacked() != i.truth()) s++;
            }
            if (i.attacked() == i.truth()) ac++;
            words += i.wordsChanged();
            queries += i.queries();
        }
        int n = items.size();
        return new AttackOutcome(attack, n, cc, ac, s, n == 0 ? Double.NaN : words / n, n == 0 ? Double.NaN : queries / n);
    }

    public double cleanAccuracy() {
        return items == 0 ? Double.NaN : (double) cleanCorrect / items;
    }

    public double attackedAccuracy() {
        return items == 0 ? Double.NaN : (double) attackedCorrect / items;
    }

    /** Attack success rate on the originally correct items, NaN when there are none. */
    public double successRate() {
        return cleanCorrect == 0 ? Double.NaN : (double) successes / cleanCorrect;
    }

    /** Accuracy under attack with its 95% Wilson interval. */
    public Interval attackedAccuracyInterval() {
        return WilsonInterval.of(attackedCorrect, items, 0.95);
    }
}
