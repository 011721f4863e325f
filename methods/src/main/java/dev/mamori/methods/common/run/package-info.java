/**
 * Runs that survive being killed: {@link dev.mamori.methods.common.run.RunDirectory} (the run's stored config, a
 * journal of finished stages, one directory per stage for its checkpoints; a new run refuses a directory holding one,
 * resuming requires the same config) over {@link dev.mamori.methods.common.run.RunJournal} (one JSON line per
 * finished task or stage, safe against kill -9). Training inside a stage resumes from the {@code nn.train.Trainer}'s
 * own checkpoints. {@link dev.mamori.methods.common.run.RunKeys} keeps the secret keys a run draws (owner-only files
 * in {@code keys/}, saved when drawn, read back on resume). {@link dev.mamori.methods.common.run.JournalImages} puts a
 * stage's few example images in its journal line (8-bit), so that a run carried to another machine as its config and
 * journal alone still draws its report's figures.
 */
package dev.mamori.methods.common.run;
