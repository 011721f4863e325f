/**
 * Quality assurance of an LLM-based sentiment analysis system (METHODS.md item 10; Ouyang et al. 2024): a
 * {@link dev.mamori.methods.llmqa.SentimentSystem} under test (a chat endpoint or a native model), its operational
 * stability (repeats, temperatures, prompt variants, system prompts, history) and its robustness to small text
 * attacks (typo, synonym, homoglyph, homophone). Sub-packages by role: {@code systems} (what is tested),
 * {@code perturbations} (the attacks), {@code metrics}, {@code serve} (an OpenAI-compatible server for native
 * systems) and {@code experiment} (the study, its journal and report).
 */
package dev.mamori.methods.llmqa;
