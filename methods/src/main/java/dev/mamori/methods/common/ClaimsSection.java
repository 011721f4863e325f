package dev.mamori.methods.common;

import dev.mamori.eval.report.ExperimentReport;
import dev.mamori.eval.report.Table;

import java.util.List;

/**
 * The claims section every method's report has: a table of claims and verdicts (also in results.json), then per claim
 * its verdict, rule and evidence.
 */
public final class ClaimsSection {
    private ClaimsSection() {}

    /** Starts section "Claims" in {@code report} and writes {@code claims} into it. */
    public static void add(ExperimentReport report, List<Claim> claims) {
        report.section("Claims");
        Table table = Table.of("Claims and verdicts", "#", "claim", "verdict");
        for (int i = 0; i < claims.size(); i++) table.row(i + 1, claims.get(i).statement(), claims.get(i).verdict().label());
        report.table(table);
        for (int i = 0; i < claims.size(); i++) {
            Claim c = claims.get(i);
            report.paragraph("Claim " + (i + 1) + " - " + c.verdict().label() + ". " + c.statement());
            report.paragraph("Rule: " + c.rule() + ".");
            report.paragraph("Evidence: " + c.evidence());
        }
    }
}
