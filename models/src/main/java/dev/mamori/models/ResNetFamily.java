package dev.mamori.models;

import static dev.mamori.models.Normalization.IMAGENET_DEFAULT;

/**
 * The {@code resnet} family: {@link ResNet} configurations with torchvision's names (ImageNet ones with torchvision's
 * normalization), and CIFAR-stem variants for small images. Global average pooling lets it take other input sizes.
 */
public final class ResNetFamily extends ModelFamily<ResNet.Config, ResNet> {
    private static final int[] WIDTHS = {64, 128, 256, 512};

    public ResNetFamily() {
        super("resnet", ModelKind.CLASSIFICATION, ResNet.class, ResNet.Config.class,
                new ResNet.Config("basic", new int[]{2, 2, 2, 2}, WIDTHS, "imagenet", 3, 1000, 224));
        register("resnet18", new ResNet.Config("basic", new int[]{2, 2, 2, 2}, WIDTHS, "imagenet", 3, 1000, 224), "ResNet-18 (torchvision)",
                IMAGENET_DEFAULT, 11_689_512);
        register("resnet34", new ResNet.Config("basic", new int[]{3, 4, 6, 3}, WIDTHS, "imagenet", 3, 1000, 224), "ResNet-34 (torchvision)",
                IMAGENET_DEFAULT, 0);
        register("resnet50", new ResNet.Config("bottleneck", new int[]{3, 4, 6, 3}, WIDTHS, "imagenet", 3, 1000, 224), "ResNet-50 (torchvision)",
                IMAGENET_DEFAULT, 25_557_032);
        register("resnet18_cifar", new ResNet.Config("basic", new int[]{2, 2, 2, 2}, WIDTHS, "cifar", 3, 10, 32),
                "ResNet-18 with the CIFAR stem (3x3 conv, no max-pool)");
        register("resnet_mini_cifar", new ResNet.Config("basic", new int[]{2, 2, 2, 2}, new int[]{16, 32, 64, 128}, "cifar", 1, 10, 28),
                "small CIFAR-style ResNet for 28x28 grey images (the benchmark ResNet)", null, 701_178);
        register("resnet_tiny_cifar", new ResNet.Config("basic", new int[]{1, 1, 1, 1}, new int[]{16, 32, 64, 128}, "cifar", 1, 10, 28),
                "tiny CIFAR-style ResNet (one basic block per stage) for 28x28 grey images: the backdoor experiments' ResNet");
    }

    @Override
    public ResNet create(ResNet.Config config) {
        return new ResNet(config);
    }

    @Override
    public ResNet.Config configOf(ResNet model) {
        return model.config;
    }

    @Override
    public Preprocessing preprocessing(ResNet.Config c) {
        return Preprocessing.image(c.inChannels(), c.imageSize(), false);
    }
}
