/**
 * The study of Ouyang et al. (2024) as one command: the stability grid and the four attacks over the labelled
 * sentences against any {@link dev.mamori.methods.llmqa.SentimentSystem}, on the sentences the system did not train on
 * where that is known ({@link dev.mamori.methods.llmqa.experiment.StudySentences}), with a journal that lets a killed
 * run resume, and a report (results.json, report.md, report.html) whose claims carry verdicts
 * ({@link dev.mamori.methods.common.Claim}, {@link dev.mamori.methods.common.ClaimsSection}).
 */
package dev.mamori.methods.llmqa.experiment;
