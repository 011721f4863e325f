package dev.mamori.methods.common.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The one place where config values are checked field by field, the same way for every config (the training spec, the
 * experiment configs and their nested parts) and for command-line options: every number is finite, null only where a
 * field says it is allowed, and each {@link Check} (range, allowed words, non-empty) holds - for a list or an array,
 * for each element; nested configs (a map of backbones, a list of beans) are walked with their path
 * ({@code backbones.vit.lr}, {@code budgets[1]}). The first violation is thrown as a {@link ConfigException} naming the
 * field. Checks between fields (one subset no larger than another) stay in each config's {@code validate()}, which
 * calls {@link #check} first.
 *
 * <p>A config's fields are its public fields and those marked {@link JsonProperty} (under the property's name);
 * static fields and those marked {@link JsonIgnore} are not settings.
 */
public final class ConfigChecks {
    private ConfigChecks() {}

    /** Checks every field of a config (see the class comment); returns it. */
    public static <T> T check(T config) {
        check(config, ConfigChecks::propertyName);
        return config;
    }

    /**
     * Checks the fields that {@code label} names (null: not a setting, skipped) and reports them under that name: the
     * command line passes the option's name ({@code --examples}), so that the error names the option.
     */
    public static void check(Object holder, Function<Field, String> label) {
        check(holder, label, false);
    }

    /**
     * As {@link #check(Object, Function)}; with {@code absentAllowed} a null field is skipped (an option that was not
     * given), and every declared field is offered to {@code label}, public or not.
     */
    public static void check(Object holder, Function<Field, String> label, boolean absentAllowed) {
        List<Field> fields = absentAllowed ? allFields(holder.getClass()) : settings(holder.getClass());
        for (Field f : fields) {
            String name = label.apply(f);
            if (name == null) continue;
            Object value = read(f, holder);
            if (value == null && absentAllowed) continue;
            value(name, value, f.getAnnotation(Check.class), f.getType());
        }
    }

    private static Object read(Field f, Object holder) {
        try {
            f.setAccessible(true);
            return f.get(holder);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read config field " + f, e);
        }
    }

    private static List<Field> allFields(Class<?> type) {
        List<Field> out = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) if (!Modifier.isStatic(f.getModifiers()) && !f.isSynthetic()) out.add(f);
        }
        return out;
    }

    /** The name a config file gives a field: its JSON property name. */
    public static String propertyName(Field f) {
        JsonProperty p = f.getAnnotation(JsonProperty.class);
        return p != null && !p.value().isEmpty() ? p.value() : f.getName();
    }

    /** The fields of a class and its superclasses that are settings, superclass fields first. */
    static List<Field> settings(Class<?> type) {
        List<Class<?>> chain = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) chain.add(0, c);
        List<Field> out = new ArrayList<>();
        for (Class<?> c : chain) {
            for (Field f : c.getDeclaredFields()) {
                int m = f.getModifiers();
                if (Modifier.isStatic(m) || Modifier.isTransient(m) || f.isSynthetic() || f.isAnnotationPresent(JsonIgnore.class)) continue;
                if (Modifier.isPublic(m) || f.isAnnotationPresent(JsonProperty.class)) out.add(f);
            }
        }
        return out;
    }

    private static void value(String path, Object v, Check c, Class<?> declared) {
        if (v == null) {
            if (c != null && c.nullable()) return;
            throw new ConfigException(null, path, expected(c, kind(declared)), "null");
        }
        if (v instanceof Number n) {
            number(path, n, c);
        } else if (v instanceof CharSequence s) {
            if (c != null && c.oneOf().length > 0 && !Arrays.asList(c.oneOf()).contains(s.toString())) {
                throw new ConfigException(null, path, expected(c, "text"), "'" + s + "'");
            }
        } else if (v instanceof Collection<?> list) {
            if (c != null && c.nonEmpty() && list.isEmpty()) throw new ConfigException(null, path, "at least one entry", "an empty list");
            int i = 0;
            for (Object e : list) element(path + "[" + i++ + "]", e, c);
        } else if (v instanceof Map<?, ?> map) {
            if (c != null && c.nonEmpty() && map.isEmpty()) throw new ConfigException(null, path, "at least one entry", "an empty map");
            for (Map.Entry<?, ?> e : map.entrySet()) element(path + "." + e.getKey(), e.getValue(), null);
        } else if (v.getClass().isArray() && v.getClass().getComponentType().isPrimitive()) {
            if (v instanceof double[] a) for (int i = 0; i < a.length; i++) number(path + "[" + i + "]", a[i], c);
            if (v instanceof float[] a) for (int i = 0; i < a.length; i++) number(path + "[" + i + "]", a[i], c);
            if (v instanceof int[] a) for (int i = 0; i < a.length; i++) number(path + "[" + i + "]", a[i], c);
            if (v instanceof long[] a) for (int i = 0; i < a.length; i++) number(path + "[" + i + "]", a[i], c);
        } else if (isConfig(v.getClass())) {
            for (Field f : settings(v.getClass())) {
                value(path + "." + propertyName(f), read(f, v), f.getAnnotation(Check.class), f.getType());
            }
        }
    }

    /** An element of a list or a map value: null is an error unless the field allows null. */
    private static void element(String path, Object e, Check c) {
        if (e == null && (c == null || !c.nullable())) throw new ConfigException(null, path, c == null ? "a value" : expected(c, "value"), "null");
        if (e != null) value(path, e, c, e.getClass());
    }

    private static void number(String path, Number n, Check c) {
        double d = n.doubleValue();
        boolean ok = !Double.isNaN(d) && !Double.isInfinite(d);
        if (ok && c != null) {
            ok = c.minExclusive() ? d > c.min() : d >= c.min();
            ok &= c.maxExclusive() ? d < c.max() : d <= c.max();
        }
        if (!ok) throw new ConfigException(null, path, expected(c, "number"), String.valueOf(n));
    }

    private static boolean isConfig(Class<?> type) {
        return !type.isEnum() && !type.isRecord() && type.getPackageName().startsWith("dev.mamori.");
    }

    private static String kind(Class<?> declared) {
        if (Number.class.isAssignableFrom(declared) || declared.isPrimitive()) return "number";
        if (CharSequence.class.isAssignableFrom(declared)) return "text";
        if (Collection.class.isAssignableFrom(declared) || declared.isArray()) return "list";
        if (Map.class.isAssignableFrom(declared)) return "map";
        return "value";
    }

    /** What a field accepts, in words: the annotation's text, or one said from its range and words. */
    static String expected(Check c, String kind) {
        if (c != null && !c.expected().isEmpty()) return c.expected();
        if (c != null && c.oneOf().length > 0) return "one of " + String.join(", ", c.oneOf());
        boolean low = c != null && c.min() != Double.NEGATIVE_INFINITY, high = c != null && c.max() != Double.POSITIVE_INFINITY;
        if (kind.equals("number") || low || high) {
            if (low && high) {
                return "a number in " + (c.minExclusive() ? "(" : "[") + format(c.min()) + ", " + format(c.max()) + (c.maxExclusive() ? ")" : "]");
            }
            if (low) return "a number " + (c.minExclusive() ? "> " : ">= ") + format(c.min());
            if (high) return "a number " + (c.maxExclusive() ? "< " : "<= ") + format(c.max());
            return "a finite number";
        }
        return switch (kind) {
            case "text" -> "a text";
            case "list" -> "a list";
            case "map" -> "a map of names to values";
            default -> "a value";
        };
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
