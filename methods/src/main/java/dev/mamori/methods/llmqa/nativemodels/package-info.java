/**
 * Native systems trained here on the labelled sentences (no pretrained weights): a TextCNN (Kim 2014), a small
 * transformer classifier, and a small decoder-only language model trained to answer the paper's prompt with a label
 * word and sampled with temperature, top_p and a seed, so that it is stochastic as an LLM is. Word vocabulary,
 * training through {@link dev.mamori.nn.train.Trainer}, and save/load as safetensors plus a JSON description.
 */
package dev.mamori.methods.llmqa.nativemodels;
