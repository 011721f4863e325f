package dev.mamori.methods.spurious;

import dev.mamori.models.text.WordTokenizer;

import java.util.List;

/**
 * DreamBooth's identifier (Ruiz et al. 2023, section 3.2): a token the base model has a weak prior for, so that the
 * fine-tuning binds it to the references without unlearning a common word ("a [V] dog", V = "sks" in the paper's
 * T5/CLIP vocabularies). Our tokenizer is word-level and fitted on the base model's training captions with the most
 * frequent words first, so its last ids are the words seen least often: the rare token is the last plain word (3 to 8
 * letters) of the vocabulary that is not a word of the class prompt. A token named in the config must be a word of the
 * vocabulary: an unknown word would map to {@code <unk>}, which every unseen word of every prompt shares.
 */
public final class RareToken {
    private RareToken() {}

    /** The configured token (checked) or the chosen rare one. */
    public static String choose(WordTokenizer tokenizer, String configured, String classPrompt) {
        List<String> classWords = WordTokenizer.words(classPrompt);
        if (configured != null && !configured.isBlank()) {
            String w = configured.toLowerCase(java.util.Locale.ROOT);
            if (tokenizer.id(w) == WordTokenizer.UNK_ID || WordTokenizer.words(w).size() != 1) {
                throw new IllegalArgumentException("config field 'dreambooth.rareToken': '" + configured + "' is not a word of the base model's vocabulary ("
                        + tokenizer.vocabSize() + " words); it would be read as <unk>. Leave it empty to choose the rarest word");
            }
            if (classWords.contains(w)) throw new IllegalArgumentException("config field 'dreambooth.rareToken': '" + configured + "' is a word of the class prompt");
            return w;
        }
        List<String> vocab = tokenizer.vocabulary();
        for (int id = vocab.size() - 1; id > WordTokenizer.EOS_ID; id--) {
            String w = vocab.get(id);
            if (w.length() >= 3 && w.length() <= 8 && w.chars().allMatch(Character::isLetter) && !classWords.contains(w)) return w;
        }
        throw new IllegalArgumentException("the base model's vocabulary (" + vocab.size() + " words) has no plain word to use as the rare token;"
                + " name one in dreambooth.rareToken");
    }

    /** The instance prompt: the rare token before the class noun ("[V] [class]"). */
    public static String instancePrompt(String token, String classPrompt) {
        return token + " " + classPrompt;
    }
}
