package dev.mamori.methods.common;

import dev.mamori.eval.report.WrittenReport;

import java.util.List;

/** What every experiment's result shows its user at the end: the claims with their verdicts, the report, the time taken. */
public interface ExperimentOutcome {
    List<Claim> claims();

    WrittenReport report();

    /** Wall-clock seconds of the run (this process's part of it, for a resumed run). */
    double seconds();
}
