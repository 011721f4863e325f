package dev.mamori.models.detection;

import dev.mamori.models.ModelFamily;
import dev.mamori.models.ModelKind;
import dev.mamori.models.Preprocessing;

/**
 * The {@code centernet} family of {@link CenterNet} detectors: {@code centernet_bench_64}, the benchmark suite's
 * {@code detector} case (3 classes at 64x64, 407,911 parameters), and {@code centernet_mini_64}, the narrower network
 * the access-control experiment trains many times on emoji canvases.
 */
public final class CenterNetFamily extends ModelFamily<CenterNet.Config, CenterNet> {

    public CenterNetFamily() {
        super("centernet", ModelKind.DETECTION, CenterNet.class, CenterNet.Config.class, bench());
        register("centernet_bench_64", bench(), "CenterNet-style detector of the benchmark suite (stride 4, 3 classes, 64x64)", null, 407_911);
        register("centernet_mini_64", mini(), "narrow CenterNet-style detector for 64x64 canvases (stride 4, 4 classes)");
    }

    /** shared/bench/SUITE.md {@code detector}: stages 32, 64, 96, 128; neck 64, 64; heads of 64. */
    public static CenterNet.Config bench() {
        return new CenterNet.Config(3, 3, new int[]{32, 64, 96, 128}, new int[]{64, 64}, 64, 64, -2.19);
    }

    /** Stages 16, 32, 48, 64; neck 32, 32; heads of 32; 4 classes. */
    public static CenterNet.Config mini() {
        return new CenterNet.Config(3, 4, new int[]{16, 32, 48, 64}, new int[]{32, 32}, 32, 64, -2.19);
    }

    @Override
    public CenterNet create(CenterNet.Config config) {
        return new CenterNet(config);
    }

    @Override
    public CenterNet.Config configOf(CenterNet model) {
        return model.config;
    }

    @Override
    public Preprocessing preprocessing(CenterNet.Config c) {
        return Preprocessing.image(c.inChannels(), c.imageSize(), false);
    }
}
