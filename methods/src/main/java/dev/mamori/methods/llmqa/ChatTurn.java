package dev.mamori.methods.llmqa;

import java.util.Objects;

/**
 * One message of a conversation: role {@code system}, {@code user} or {@code assistant}, and its text.
 */
public record ChatTurn(String role, String content) {
    public static final String SYSTEM = "system", USER = "user", ASSISTANT = "assistant";

    public ChatTurn {
        Objects.requireNonNull(content, "content");
        if (!role.equals(SYSTEM) && !role.equals(USER) && !role.equals(ASSISTANT)) {
            throw new IllegalArgumentException("role must be system, user or assistant, found '" + role + "'");
        }
    }

    public static ChatTurn user(String content) {
        return new ChatTurn(USER, content);
    }

    public static ChatTurn assistant(String content) {
        return new ChatTurn(ASSISTANT, content);
    }
}
