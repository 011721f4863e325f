package dev.mamori.methods.common.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a config field (or a command-line option) accepts, checked by {@link ConfigChecks} after a config file is read
 * and after the options are applied. Numbers are always checked to be finite (a NaN learning rate is never a
 * setting), whether or not the field carries this annotation; the annotation adds a range, a set of allowed words,
 * whether null is allowed and whether a list may be empty. A range or set applies to each element of a list.
 * <pre>{@code
 * @Check(min = 0, minExclusive = true, expected = "a positive learning rate") public double lr = 0.01;
 * @Check(oneOf = {"sgd", "adam", "adamw"}) public String optimizer = "adamw";
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Check {
    /** Smallest allowed value (inclusive unless {@link #minExclusive}). */
    double min() default Double.NEGATIVE_INFINITY;

    /** Largest allowed value (inclusive unless {@link #maxExclusive}). */
    double max() default Double.POSITIVE_INFINITY;

    boolean minExclusive() default false;

    boolean maxExclusive() default false;

    /** The words a text field (or each text of a list) may take; empty: any. */
    String[] oneOf() default {};

    /** Null is a setting of its own ("not given"); otherwise null is an error. */
    boolean nullable() default false;

    /** A list or map needs at least one entry. */
    boolean nonEmpty() default false;

    /** What to give, in words ("a positive learning rate"); empty: said from the range and the words. */
    String expected() default "";
}
