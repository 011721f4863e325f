package dev.mamori.methods.llmqa.systems;

import java.util.function.UnaryOperator;

/**
 * The API key of a chat endpoint, read from the environment only (never from a file, an option or a config, so it is
 * not written anywhere by us). {@link #toString()} hides it; only the SDK client ever receives the value.
 */
public final class ApiKey {
    private final char[] value;
    private final String variable;

    private ApiKey(String variable, String value) {
        this.variable = variable;
        this.value = value.toCharArray();
    }

    /** The key in {@code variable} of {@code environment} (normally System::getenv); a clear error when it is missing. */
    public static ApiKey fromEnvironment(String variable, UnaryOperator<String> environment) {
        String v = environment.apply(variable);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("no API key: the environment variable " + variable + " is not set. Set it to the endpoint's key,"
                    + " name another variable with --api-key-env, or use --no-api-key for a local server without authentication");
        }
        return new ApiKey(variable, v.strip());
    }

    /** The value, for the SDK client only. */
    String reveal() {
        return new String(value);
    }

    public String variable() {
        return variable;
    }

    @Override
    public String toString() {
        return "ApiKey[from $" + variable + ", hidden]";
    }
}
