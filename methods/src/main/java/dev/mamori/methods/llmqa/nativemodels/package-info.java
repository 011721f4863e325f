/**
 * Native systems trained here on the labelled sentences (no pretrained weights): a TextCNN (Kim 2014), a small
 * transformer classifier, and a small decoder-only language model trained to answer the paper's prompt with a label
 * word and sampled with temperature, top_p and a seed, so that it is stochastic as an LLM is. Word vocabulary,
 * training through {@link dev.mamori.nn.train.Trainer#classifier} (the LM's answer token is one class of its
 * vocabulary), save/load as safetensors plus a JSON description that records the
 * {@link dev.mamori.methods.llmqa.nativemodels.TrainingSplit} (which sentences were held out, so a study can use only
 * those). Padding is masked, so concurrent queries share forward passes
 * ({@link dev.mamori.methods.llmqa.nativemodels.ForwardBatcher}) without changing any answer.
 */
package dev.mamori.methods.llmqa.nativemodels;
