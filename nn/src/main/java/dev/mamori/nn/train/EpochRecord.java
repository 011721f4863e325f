package dev.mamori.nn.train;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Metrics of one epoch (NaN where not measured, e.g. no validation set). */
public record EpochRecord(int epoch, long step, double lr, double trainLoss, double trainAccuracy, double valLoss,
                          double valAccuracy, double seconds, double examplesPerSecond) {

    /** Standard JSON (NaN becomes null), for metrics files. */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("epoch", epoch);
        o.put("step", step);
        put(o, "lr", lr);
        put(o, "train_loss", trainLoss);
        put(o, "train_accuracy", trainAccuracy);
        put(o, "val_loss", valLoss);
        put(o, "val_accuracy", valAccuracy);
        put(o, "seconds", seconds);
        put(o, "examples_per_second", examplesPerSecond);
        return o;
    }

    private static void put(ObjectNode o, String k, double v) {
        if (Double.isFinite(v)) o.put(k, v);
        else o.putNull(k);
    }
}
