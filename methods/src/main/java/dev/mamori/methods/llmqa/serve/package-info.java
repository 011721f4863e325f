/**
 * An OpenAI-compatible chat server ({@code /v1/models}, {@code /v1/chat/completions}, Javalin) in front of any native
 * {@link dev.mamori.methods.llmqa.SentimentSystem}, so the chat client is tested against a real server on loopback and
 * a study can run against a native system over HTTP. {@link dev.mamori.methods.llmqa.serve.ServerFaults} injects
 * rate limits with Retry-After, server errors, delays and malformed bodies for the client's tests.
 */
package dev.mamori.methods.llmqa.serve;
