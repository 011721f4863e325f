package dev.mamori.methods.keydefense.adaptive;

/** Which model weights the attacker of a keyed model has. */
public enum WeightAccess {
    /** None: only queries to the deployed model (a black-box attack). */
    NONE("no weights"),
    /** The public pre-trained backbone the keyed models were derived from (not the keyed model). */
    PUBLIC_BACKBONE("the public backbone's weights"),
    /**
     * The keyed model's own weights (a stolen or published model file, which never holds the key): the threat model of
     * the key-based defense, where the key is the only secret.
     */
    TARGET("the target's weights");

    private final String description;

    WeightAccess(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
