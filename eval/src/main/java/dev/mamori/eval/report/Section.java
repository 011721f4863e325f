package dev.mamori.eval.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A titled part of a report holding, in order, paragraphs (String), {@link Table}s and {@link Figure}s. The title is
 * null for content added before the first {@link ExperimentReport#section}.
 */
record Section(String title, List<Object> blocks) {
    Section(String title) {
        this(title, new ArrayList<>());
    }
}
