package dev.mamori.autograd;

/**
 * Whether operations record themselves on the tape (per thread). Evaluation and weight updates run under
 * {@link #noGrad()} so that they cost no tape memory:
 * <pre>{@code try (var off = GradMode.noGrad()) { logits = model.forward(x); } }</pre>
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[]{true});

    private GradMode() {}

    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Turns recording off until the returned scope is closed; scopes nest. */
    public static Scope noGrad() {
        return set(false);
    }

    /** Turns recording on until the returned scope is closed (inside a no-grad region). */
    public static Scope enableGrad() {
        return set(true);
    }

    private static Scope set(boolean enabled) {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = enabled;
        return () -> flag[0] = previous;
    }

    /** A region with a fixed gradient mode; closing it restores the previous mode. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
