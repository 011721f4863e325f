package dev.mamori.models;

/**
 * The {@code simple_cnn} family: {@link SimpleCnn}, the small CNN of attack papers; its family name is also its one
 * standard configuration. The first fully connected layer fixes the input size.
 */
public final class SimpleCnnFamily extends ModelFamily<SimpleCnn.Config, SimpleCnn> {

    public SimpleCnnFamily() {
        super("simple_cnn", ModelKind.CLASSIFICATION, SimpleCnn.class, SimpleCnn.Config.class, new SimpleCnn.Config(1, 10, 28, 32, 128));
        register("simple_cnn", defaults(), "small CNN for 28x28 grey images");
    }

    @Override
    public SimpleCnn create(SimpleCnn.Config config) {
        return new SimpleCnn(config);
    }

    @Override
    public SimpleCnn.Config configOf(SimpleCnn model) {
        return model.config;
    }

    @Override
    public Preprocessing preprocessing(SimpleCnn.Config c) {
        return Preprocessing.image(c.inChannels(), c.imageSize(), true);
    }
}
