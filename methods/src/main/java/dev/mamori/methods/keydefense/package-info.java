/**
 * Key-based defenses (docs/METHODS.md items 1-3): secret block-wise transforms, keyed classifiers, secret patch
 * embeddings, proliferation by fine-tuning, and deployment files.
 *
 * <h2>Keys and transforms</h2>
 * Keys ({@link dev.mamori.methods.crypto.SecretKey}) and the block-wise transforms
 * ({@link dev.mamori.methods.crypto.blockwise.TransformChain}) are shared with the other keyed methods and live in
 * {@link dev.mamori.methods.crypto}. Keys print as kind, sizes and a random 16-hex-digit key id only.
 *
 * <h2>Models</h2>
 * <ul>
 *   <li>{@link dev.mamori.methods.keydefense.KeyedClassifier}: transform then model, trainable from scratch (FFX by
 *       BPDA). Names: {@code model.} + the model's timm names.</li>
 *   <li>{@link dev.mamori.methods.keydefense.KeyAbsorption}: {@code absorb(plain, key)} turns a plain isotropic
 *       network ({@link dev.mamori.models.PatchEmbeddedModel}: ViT, ConvMixer) into an equivalent keyed model
 *       (patch-embedding columns permuted / sign-flipped, bias shifted; normalization folded in first),
 *       {@code unabsorb(keyed)} reverses it; FFX is refused.</li>
 *   <li>{@link dev.mamori.methods.keydefense.MultiKeyClassifier}: N (patch embedding, head) pairs on the frozen
 *       backbone of any {@link dev.mamori.models.PatchEmbeddedModel}, a key drawn per query or per batch
 *       ({@link dev.mamori.methods.keydefense.KeySelection}, seedable).
 *       Names: backbone as in timm ({@code cls_token}, {@code pos_embed}, {@code blocks.*}, {@code norm.*}; ConvMixer
 *       {@code stem.2.*}, {@code blocks.*}), {@code embeds.i.proj.*} (ViT) or {@code embeds.i.*} (ConvMixer),
 *       {@code heads.i.*}.</li>
 *   <li>{@link dev.mamori.methods.keydefense.Proliferation}: derive a keyed model from one pre-trained model with
 *       strategy EMBEDDING_AND_HEAD, LORA (dev.mamori.nn.adapters) or FULL; train the slots of a multi-key model.</li>
 * </ul>
 *
 * <h2>Deployment</h2>
 * {@link dev.mamori.methods.keydefense.KeyedModel#save} writes one safetensors file (weights, architecture, key
 * ids and FFX variants; never keys), {@link dev.mamori.methods.keydefense.KeyedClassifier#load}{@code (file, keyFiles...)}
 * reads it back and {@link dev.mamori.methods.keydefense.KeyedModel#predict} classifies [0, 1] images; see
 * {@link dev.mamori.methods.keydefense.KeyedModelFile}. For training data held in memory:
 * {@link dev.mamori.methods.common.InMemoryBatchSource}.
 */
package dev.mamori.methods.keydefense;
