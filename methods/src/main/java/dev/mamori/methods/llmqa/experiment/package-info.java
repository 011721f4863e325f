/**
 * The study of Ouyang et al. (2024) as one command: the stability grid and the four attacks over the labelled
 * sentences against any {@link dev.mamori.methods.llmqa.SentimentSystem}, with a journal that lets a killed run resume,
 * and a report (results.json, report.md, report.html) whose claims carry verdicts.
 */
package dev.mamori.methods.llmqa.experiment;
