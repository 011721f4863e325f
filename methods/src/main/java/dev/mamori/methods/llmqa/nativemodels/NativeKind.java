package dev.mamori.methods.llmqa.nativemodels;

import dev.mamori.nn.Module;

import java.util.Locale;

/** The native model families, their default sizes and training lengths (minutes on 2 cores). */
public enum NativeKind {
    /** Kim's TextCNN: 64-d embeddings, 64 filters of widths 3, 4, 5. */
    TEXTCNN(64, 0, 0, 64, 8),
    /** 2 bidirectional blocks, 64-d, 4 heads, mean pooling. */
    TRANSFORMER(64, 2, 4, 64, 10),
    /** 2 causal blocks, 64-d, 4 heads; the prompt (up to 112 tokens) and the answer word. */
    LM(64, 2, 4, 112, 12);

    public final int dim, depth, heads, maxLength, epochs;

    NativeKind(int dim, int depth, int heads, int maxLength, int epochs) {
        this.dim = dim;
        this.depth = depth;
        this.heads = heads;
        this.maxLength = maxLength;
        this.epochs = epochs;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static NativeKind of(String name) {
        for (NativeKind k : values()) if (k.id().equalsIgnoreCase(name)) return k;
        throw new IllegalArgumentException("unknown native model '" + name + "'; known: textcnn, transformer, lm");
    }

    /** A fresh, untrained module of this kind. */
    public Module create(int vocabulary) {
        return switch (this) {
            case TEXTCNN -> new TextCnn(vocabulary, dim, 64, 0.3);
            case TRANSFORMER -> new TinyTransformer(vocabulary, dim, depth, heads, maxLength, false);
            case LM -> new TinyTransformer(vocabulary, dim, depth, heads, maxLength, true);
        };
    }
}
