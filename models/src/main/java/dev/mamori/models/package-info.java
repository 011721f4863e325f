/**
 * Models with the parameter names of their reference implementations (timm, torchvision; diffusers for generative
 * models), and the typed registry that creates them by name.
 *
 * <h2>Classification</h2>
 * {@link dev.mamori.models.Classifier} (images [N, C, H, W] to logits) with {@link dev.mamori.models.VisionTransformer},
 * {@link dev.mamori.models.ConvMixer}, {@link dev.mamori.models.ResNet}, {@link dev.mamori.models.SimpleCnn};
 * {@link dev.mamori.models.Normalized} puts a per-channel normalization in front so callers work in [0, 1] pixels.
 * The isotropic networks (ViT, ConvMixer) implement {@link dev.mamori.models.PatchEmbeddedModel}: the key-based
 * defenses reach their patch embedding, backbone, head and adapter targets through it. Weights of timm and torchvision load with
 * {@link dev.mamori.models.Checkpoints}.
 *
 * <h2>The registry</h2>
 * {@link dev.mamori.models.ModelRegistry#create(String, Class)} builds a model by standard name
 * ({@code vit_tiny_patch16_224}) or family name ({@code vit}) with config overrides, typed. A
 * {@link dev.mamori.models.ModelFamily} has a {@link dev.mamori.models.ModelKind} (classification, diffusion, gan,
 * text, detection), a model class, a config record, and registers its standard configurations
 * ({@link dev.mamori.models.ModelEntry}: name, config, description, {@link dev.mamori.models.Preprocessing} as timm's
 * default_cfg, reference parameter count) in its constructor. Families are discovered with
 * {@link java.util.ServiceLoader}, so a module downstream of this one registers its own without this package naming
 * them.
 *
 * <h2>Registering a new family (e.g. a UNet in the generative module)</h2>
 * <pre>{@code
 * public final class UNetFamily extends ModelFamily<UNet.Config, UNet> {
 *     public UNetFamily() {
 *         super("unet", ModelKind.DIFFUSION, UNet.class, UNet.Config.class, UNet.Config.small());
 *         register("unet_mini_32", UNet.Config.small(), "small UNet for 32x32 latents");
 *     }
 *     public UNet create(UNet.Config c) { return new UNet(c); }
 *     public UNet.Config configOf(UNet m) { return m.config; }
 *     public Preprocessing preprocessing(UNet.Config c) { return Preprocessing.image(c.inChannels(), c.sampleSize(), false); }
 * }
 * }</pre>
 * then one line {@code com.example.UNetFamily} in {@code src/main/resources/META-INF/services/dev.mamori.models.ModelFamily}
 * of that module. {@code ModelRegistry.create("unet_mini_32", UNet.class)} builds it, {@code ModelRegistry.entries()}
 * lists it (sweep it in that module's tests as {@code ModelRegistryTest} does here), and
 * {@code ModelRegistry.create("unet_mini_32")} (a classifier) is an error saying it is a UNet. Model classes of other kinds go in a package per kind ({@code dev.mamori.models.diffusion},
 * {@code .gan}, {@code .text}, {@code .detection}) of the module that holds them.
 */
package dev.mamori.models;
