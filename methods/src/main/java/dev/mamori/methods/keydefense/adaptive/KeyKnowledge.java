package dev.mamori.methods.keydefense.adaptive;

/** What the attacker of a keyed model knows of its secret key(s). */
public enum KeyKnowledge {
    /** Nothing: the attack needs no key (a black-box attack, a transfer from the public backbone). */
    NONE("no key"),
    /** One guessed key of the right kind and size, which is wrong (the non-adaptive attacker). */
    WRONG_GUESS("a wrong key (guess)"),
    /** The distribution of keys only: gradients are averaged over many random keys (EOT over random keys). */
    RANDOM_KEYS("random keys (EOT)"),
    /** A key estimated by searching for the one whose model agrees best with the target's answers. */
    ESTIMATED("a key estimated by key search"),
    /** Every secret key of the model but not which one a query is answered with (EOT over the model's own keys). */
    ALL_SLOT_KEYS("all of the model's keys"),
    /** The secret key itself (the key leaked): the reference white-box attack. */
    RIGHT_KEY("the right key (leaked)");

    private final String description;

    KeyKnowledge(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
