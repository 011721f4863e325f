package dev.mamori.methods.backdoor.poisoning;

/** Which label a triggered image is meant to get. */
public enum TargetMode {
    /** Every triggered image goes to one target class. */
    ALL_TO_ONE,
    /** A triggered image of class y goes to (y + 1) mod K (BackdoorBench's all-to-all). */
    ALL_TO_ALL;

    /** The config spelling: all_to_one, all_to_all. */
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static TargetMode fromConfigName(String s) {
        for (TargetMode m : values()) if (m.configName().equals(s)) return m;
        throw new IllegalArgumentException("unknown target mode '" + s + "'; expected all_to_one or all_to_all");
    }
}
