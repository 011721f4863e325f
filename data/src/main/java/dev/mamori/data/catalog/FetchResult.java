package dev.mamori.data.catalog;

/**
 * What {@link DataFetcher#fetch} did.
 *
 * @param location where the dataset now is, or null when it is still absent
 * @param message  a human-readable account: what was installed, or the exact manual steps
 */
public record FetchResult(String name, Outcome outcome, DatasetLocation location, String message) {

    public enum Outcome {
        /** It was already there; nothing was done. */
        ALREADY_PRESENT,
        /** It was installed now. */
        INSTALLED,
        /** This machine cannot fetch it; the message says which files to put where. */
        MANUAL_STEPS_NEEDED,
        /** An installation was attempted and failed; the message says why and what to do instead. */
        FAILED
    }

    public boolean present() {
        return location != null;
    }
}
