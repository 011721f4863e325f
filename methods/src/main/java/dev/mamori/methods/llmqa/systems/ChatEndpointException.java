package dev.mamori.methods.llmqa.systems;

/**
 * A chat endpoint failed in a way retrying does not fix (or retries ran out): the message names the endpoint, the HTTP
 * status where there is one and what to do. It never contains the API key.
 */
public final class ChatEndpointException extends RuntimeException {
    private final int status;

    public ChatEndpointException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status, or 0 when the failure was not an HTTP answer (timeout, connection, malformed body). */
    public int status() {
        return status;
    }
}
