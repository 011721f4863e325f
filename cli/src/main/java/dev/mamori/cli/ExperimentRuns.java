package dev.mamori.cli;

import dev.mamori.methods.common.Claim;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What every {@code mamori run <experiment>} command shares: the effective config (a preset, the {@code -c} file
 * applied over it, then checked, with errors naming the file and the field), {@code --print-config}, and the closing
 * lines that give each claim's verdict and the report's path.
 */
final class ExperimentRuns {
    private ExperimentRuns() {}

    /** {@code preset} with {@code file} (may be null) applied over it, checked by {@code validate}. */
    static <C> C checkedConfig(C preset, Path file, Consumer<C> validate) {
        C cfg = file != null ? Configs.readOver(file, preset) : preset;
        Configs.attribute(() -> validate.accept(cfg), file, Map.of());
        return cfg;
    }

    /** Prints {@code cfg} as YAML when {@code asked}; true when it did (the command then ends). */
    static boolean printedConfig(boolean asked, Object cfg, PrintWriter out) {
        if (!asked) return false;
        out.print(Configs.toYaml(cfg));
        out.flush();
        return true;
    }

    /** The closing lines: the run's time, each claim with its verdict, and where the report is. */
    static void printOutcome(PrintWriter out, String experiment, double seconds, List<Claim> claims, Object reportHtml) {
        out.printf("%s finished in %.1f minutes%n", experiment, seconds / 60);
        printClaims(out, claims, reportHtml);
    }

    /** Each claim with its verdict, numbered as in the report, then the report's path. */
    static void printClaims(PrintWriter out, List<Claim> claims, Object reportHtml) {
        for (int i = 0; i < claims.size(); i++) {
            Claim c = claims.get(i);
            out.printf("claim %d: %s - %s%n", i + 1, c.verdict(), c.statement());
        }
        out.println("report: " + reportHtml);
        out.flush();
    }
}
