package dev.mamori.methods.llmqa.perturbations;

import java.util.Locale;
import java.util.Set;

/**
 * Function words the whole-word attacks leave alone: replacing "not" or "the" by a "synonym" or homophone changes
 * grammar, not wording (TextFooler keeps a stop-word list for the same reason).
 */
final class StopWords {
    private static final Set<String> WORDS = Set.of("a", "an", "the", "and", "or", "but", "if", "of", "at", "by", "for", "with", "about", "to",
            "from", "in", "on", "off", "up", "down", "out", "over", "under", "is", "am", "are", "was", "were", "be", "been", "being", "have",
            "has", "had", "do", "does", "did", "not", "no", "nor", "so", "than", "too", "very", "can", "will", "just", "i", "me", "my", "we",
            "our", "you", "your", "he", "him", "his", "she", "her", "it", "its", "they", "them", "their", "this", "that", "these", "those",
            "what", "which", "who", "whom", "there", "here", "when", "where", "why", "how", "all", "any", "both", "each", "as", "into");

    private StopWords() {}

    static boolean contains(String word) {
        return WORDS.contains(word.toLowerCase(Locale.ROOT));
    }
}
