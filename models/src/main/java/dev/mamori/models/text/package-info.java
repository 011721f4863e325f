/**
 * Text models: a word-level {@link dev.mamori.models.text.WordTokenizer} fitted on captions, and a CLIP-style pair
 * (Radford et al. 2021, arXiv 2103.00020) in transformers' layout and names - the causal text tower
 * {@link dev.mamori.models.text.ClipTextTransformer} (as {@link dev.mamori.models.text.ClipTextModel}, Stable
 * Diffusion's text_encoder, it conditions the UNet) and the ViT image tower
 * {@link dev.mamori.models.text.ClipVisionTransformer}, joined with projections and a learned temperature in
 * {@link dev.mamori.models.text.ClipModel}. Registered as kind TEXT ({@code clip_emoji_32}). Trained here, never
 * downloaded: scores computed with this pair are ours, not OpenAI CLIP's.
 */
package dev.mamori.models.text;
