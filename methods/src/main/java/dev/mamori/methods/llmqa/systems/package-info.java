/**
 * The systems under test: {@link dev.mamori.methods.llmqa.systems.ChatSystem} (any OpenAI-compatible endpoint through
 * the official OpenAI Java SDK, with retries, a concurrency limit and a disk cache) and the native systems trained
 * here on the labelled sentences: {@link dev.mamori.methods.llmqa.systems.LexiconSystem} (AFINN-165),
 * a TextCNN, a small transformer classifier and a small decoder-only language model sampled like an LLM.
 */
package dev.mamori.methods.llmqa.systems;
