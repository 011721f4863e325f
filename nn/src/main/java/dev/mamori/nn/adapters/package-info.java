/**
 * Low-rank adapters (LoRA; Hu et al., "LoRA: Low-rank adaptation of large language models", ICLR 2022):
 * {@link dev.mamori.nn.adapters.Lora#apply} wraps the layers whose paths match a
 * {@link dev.mamori.nn.adapters.ModulePattern} in {@link dev.mamori.nn.adapters.LoraLinear} or
 * {@link dev.mamori.nn.adapters.LoraConv2d} (pointwise), and merges them back for deployment. Which layers of a model
 * take adapters is the model's knowledge (e.g. {@code dev.mamori.models.PatchEmbeddedModel#adapterTargets}).
 */
package dev.mamori.nn.adapters;
