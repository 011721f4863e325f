package dev.mamori.eval.report;

/**
 * A report was about to write a registered secret. The message names the file and the label the secret was
 * registered under, never the secret itself.
 */
public class ForbiddenContentException extends IllegalStateException {
    public ForbiddenContentException(String message) {
        super(message);
    }
}
