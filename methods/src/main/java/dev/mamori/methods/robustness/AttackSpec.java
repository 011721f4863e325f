package dev.mamori.methods.robustness;

import dev.mamori.methods.attacks.Attack;
import dev.mamori.methods.attacks.AttackRegistry;
import dev.mamori.models.Classifier;

import java.util.Arrays;
import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * One attack of a robustness evaluation and the budgets to run it at: {@code factory} builds the attack for a
 * budget eps (the evaluation sets the attack's seed).
 *
 * @param name     the label in tables and plots, e.g. "PGD-10"
 * @param epsilons budgets, in the attack's norm, in increasing order
 */
public record AttackSpec(String name, DoubleFunction<Attack<?>> factory, double[] epsilons) {
    public AttackSpec {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("an attack spec needs a name");
        if (factory == null) throw new IllegalArgumentException("attack spec '" + name + "' has no factory");
        if (epsilons == null || epsilons.length == 0) throw new IllegalArgumentException("attack spec '" + name + "' has no budgets");
        epsilons = epsilons.clone();
        for (int i = 0; i < epsilons.length; i++) {
            if (!(epsilons[i] >= 0) || Double.isInfinite(epsilons[i])) {
                throw new IllegalArgumentException("attack spec '" + name + "': budget " + i + " is " + epsilons[i] + "; budgets are finite and >= 0");
            }
            if (i > 0 && epsilons[i] <= epsilons[i - 1]) {
                throw new IllegalArgumentException("attack spec '" + name + "': budgets must increase, got " + Arrays.toString(epsilons));
            }
        }
    }

    public static AttackSpec of(String name, DoubleFunction<Attack<?>> factory, double... epsilons) {
        return new AttackSpec(name, factory, epsilons);
    }

    /** An attack of the {@link AttackRegistry} by name, with string options (as a command line gives them). */
    public static AttackSpec registry(String attack, Classifier model, Map<String, String> options, double... epsilons) {
        AttackRegistry.create(attack, model, epsilons.length > 0 ? epsilons[0] : 0, options); // fail now on a bad name or option
        return new AttackSpec(attack, eps -> AttackRegistry.create(attack, model, eps, options), epsilons);
    }

    @Override
    public double[] epsilons() {
        return epsilons.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttackSpec s && s.name.equals(name) && s.factory == factory && Arrays.equals(s.epsilons, epsilons);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(epsilons);
    }

    @Override
    public String toString() {
        return name + " at " + Arrays.toString(epsilons);
    }
}
