package dev.mamori.methods.llmqa.serve;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Faults the server injects into its next requests (test hooks): each counter is decremented by the request that takes
 * the fault. Order when several are armed: rate limit, server error, delay, malformed body.
 */
public final class ServerFaults {
    private final AtomicInteger rateLimited = new AtomicInteger(), serverErrors = new AtomicInteger(), delayed = new AtomicInteger(),
            malformed = new AtomicInteger();
    private volatile int retryAfterSeconds = 1;
    private final AtomicLong delayMillis = new AtomicLong();

    /** The next {@code n} requests get 429 with {@code Retry-After: seconds}. */
    public ServerFaults rateLimitNext(int n, int seconds) {
        retryAfterSeconds = seconds;
        rateLimited.set(n);
        return this;
    }

    /** The next {@code n} requests get 503. */
    public ServerFaults serverErrorNext(int n) {
        serverErrors.set(n);
        return this;
    }

    /** The next {@code n} requests are answered after {@code delay}. */
    public ServerFaults delayNext(int n, Duration delay) {
        delayMillis.set(delay.toMillis());
        delayed.set(n);
        return this;
    }

    /** The next {@code n} requests get a 200 whose body is not a chat completion. */
    public ServerFaults malformedNext(int n) {
        malformed.set(n);
        return this;
    }

    boolean takeRateLimit() {
        return take(rateLimited);
    }

    boolean takeServerError() {
        return take(serverErrors);
    }

    long takeDelayMillis() {
        return take(delayed) ? delayMillis.get() : 0;
    }

    boolean takeMalformed() {
        return take(malformed);
    }

    int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    private static boolean take(AtomicInteger counter) {
        return counter.getAndUpdate(v -> v > 0 ? v - 1 : 0) > 0;
    }
}
