package dev.mamori.models;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One registry of architectures, as in timm: a model is created by its standard name ({@code vit_tiny_patch16_224},
 * {@code resnet18}, ...) or by family and configuration ({@code vit}, {@code convmixer}, {@code resnet},
 * {@code simple_cnn} with a map of config fields). Overrides (e.g. {@code numClasses}, {@code inChannels},
 * {@code imageSize}) apply to either. Parameter names follow timm and torchvision.
 */
public final class ModelRegistry {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A standard configuration: family and the config fields that define it. */
    public record Entry(String name, String family, Map<String, Object> config, String description) {}

    private static final Map<String, Entry> STANDARD = new LinkedHashMap<>();
    private static final Map<String, Function<Map<String, Object>, Classifier>> FAMILIES = new LinkedHashMap<>();
    private static final Map<String, Map<String, Object>> FAMILY_DEFAULTS = new LinkedHashMap<>();

    static {
        family("vit", m -> new VisionTransformer(JSON.convertValue(m, VisionTransformer.Config.class)),
                VisionTransformer.Config.of(224, 16, 3, 1000, 192, 12, 3, 4.0));
        family("convmixer", m -> new ConvMixer(JSON.convertValue(m, ConvMixer.Config.class)),
                new ConvMixer.Config(768, 32, 7, 7, 3, 1000, 224, "relu"));
        family("resnet", m -> new ResNet(JSON.convertValue(m, ResNet.Config.class)),
                new ResNet.Config("basic", new int[]{2, 2, 2, 2}, new int[]{64, 128, 256, 512}, "imagenet", 3, 1000, 224));
        family("simple_cnn", m -> new SimpleCnn(JSON.convertValue(m, SimpleCnn.Config.class)),
                new SimpleCnn.Config(1, 10, 28, 32, 128));

        vit("vit_tiny_patch16_224", 224, 16, 3, 1000, 192, 12, 3, 4.0, "ViT-Ti/16 (timm), 5,717,416 parameters");
        vit("vit_small_patch16_224", 224, 16, 3, 1000, 384, 12, 6, 4.0, "ViT-S/16 (timm)");
        vit("vit_base_patch16_224", 224, 16, 3, 1000, 768, 12, 12, 4.0, "ViT-B/16 (timm)");
        vit("vit_mini_patch4_28", 28, 4, 1, 10, 96, 6, 4, 2.0, "small ViT for 28x28 grey images (the benchmark ViT)");
        vit("vit_mini_patch4_32", 32, 4, 3, 10, 192, 6, 3, 2.0, "small ViT for 32x32 colour images");
        convmixer("convmixer_768_32", 768, 32, 7, 7, 3, 1000, 224, "relu", "ConvMixer-768/32 (timm, ReLU)");
        convmixer("convmixer_1536_20", 1536, 20, 9, 7, 3, 1000, 224, "gelu", "ConvMixer-1536/20 (timm)");
        convmixer("convmixer_128_8", 128, 8, 5, 4, 1, 10, 28, "gelu", "small ConvMixer for 28x28 grey images (the benchmark ConvMixer)");
        convmixer("convmixer_256_8", 256, 8, 5, 2, 3, 10, 32, "gelu", "ConvMixer-256/8 for 32x32 colour images");
        resnet("resnet18", "basic", new int[]{2, 2, 2, 2}, new int[]{64, 128, 256, 512}, "imagenet", 3, 1000, 224, "ResNet-18 (torchvision), 11,689,512 parameters");
        resnet("resnet34", "basic", new int[]{3, 4, 6, 3}, new int[]{64, 128, 256, 512}, "imagenet", 3, 1000, 224, "ResNet-34 (torchvision)");
        resnet("resnet50", "bottleneck", new int[]{3, 4, 6, 3}, new int[]{64, 128, 256, 512}, "imagenet", 3, 1000, 224, "ResNet-50 (torchvision)");
        resnet("resnet18_cifar", "basic", new int[]{2, 2, 2, 2}, new int[]{64, 128, 256, 512}, "cifar", 3, 10, 32, "ResNet-18 with the CIFAR stem (3x3 conv, no max-pool)");
        resnet("resnet_mini_cifar", "basic", new int[]{2, 2, 2, 2}, new int[]{16, 32, 64, 128}, "cifar", 1, 10, 28, "small CIFAR-style ResNet for 28x28 grey images (the benchmark ResNet)");
        STANDARD.put("simple_cnn", new Entry("simple_cnn", "simple_cnn", FAMILY_DEFAULTS.get("simple_cnn"), "small CNN for 28x28 grey images"));
    }

    private ModelRegistry() {}

    /** Creates a standard model, or a family default, with overrides applied to its config. */
    public static Classifier create(String name, Map<String, Object> overrides) {
        Entry e = STANDARD.get(name);
        String family;
        Map<String, Object> config = new LinkedHashMap<>();
        if (e != null) {
            family = e.family();
            config.putAll(e.config());
        } else if (FAMILIES.containsKey(name)) {
            family = name;
            config.putAll(FAMILY_DEFAULTS.get(name));
        } else {
            throw new IllegalArgumentException("unknown model '" + name + "'; known: " + names() + " or families " + FAMILIES.keySet());
        }
        for (Map.Entry<String, Object> o : overrides.entrySet()) {
            if (!config.containsKey(o.getKey())) {
                throw new IllegalArgumentException("model '" + name + "' has no config field '" + o.getKey() + "'; fields: " + config.keySet());
            }
            config.put(o.getKey(), o.getValue());
        }
        return FAMILIES.get(family).apply(config);
    }

    public static Classifier create(String name) {
        return create(name, Map.of());
    }

    /** The standard names with their descriptions, sorted. */
    public static Map<String, String> names() {
        Map<String, String> out = new TreeMap<>();
        STANDARD.forEach((n, e) -> out.put(n, e.description()));
        return out;
    }

    /** The full config of a standard name (after defaults). */
    public static Map<String, Object> config(String name) {
        Entry e = STANDARD.get(name);
        if (e == null) throw new IllegalArgumentException("unknown model '" + name + "'");
        return new LinkedHashMap<>(e.config());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toMap(Object record) {
        return JSON.convertValue(record, LinkedHashMap.class);
    }

    private static void family(String name, Function<Map<String, Object>, Classifier> factory, Object defaults) {
        FAMILIES.put(name, factory);
        FAMILY_DEFAULTS.put(name, toMap(defaults));
    }

    private static void vit(String name, int img, int patch, int chans, int classes, int dim, int depth, int heads, double mlp, String desc) {
        STANDARD.put(name, new Entry(name, "vit", toMap(VisionTransformer.Config.of(img, patch, chans, classes, dim, depth, heads, mlp)), desc));
    }

    private static void convmixer(String name, int dim, int depth, int k, int p, int chans, int classes, int img, String act, String desc) {
        STANDARD.put(name, new Entry(name, "convmixer", toMap(new ConvMixer.Config(dim, depth, k, p, chans, classes, img, act)), desc));
    }

    private static void resnet(String name, String block, int[] layers, int[] widths, String stem, int chans, int classes, int img, String desc) {
        STANDARD.put(name, new Entry(name, "resnet", toMap(new ResNet.Config(block, layers, widths, stem, chans, classes, img)), desc));
    }
}
