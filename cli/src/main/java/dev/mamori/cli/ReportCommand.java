package dev.mamori.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Print the summary of a run directory's report (results.json): config, metrics, tables, where the HTML is.")
final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "A run directory (containing results.json).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path results = dir.resolve("results.json");
        if (!Files.isRegularFile(results)) throw new IllegalArgumentException(dir + " has no results.json (not a report directory)");
        JsonNode r = new ObjectMapper().readTree(results.toFile());
        System.out.println(r.path("experiment").asText() + "  (" + r.path("created_utc").asText() + ", seed " + r.path("seed").asText() + ")");
        JsonNode metrics = r.path("metrics");
        for (Iterator<Map.Entry<String, JsonNode>> it = metrics.fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode v = e.getValue();
            System.out.printf("  %-40s %s%n", e.getKey(), v.isObject() && v.has("value") ? v.get("value").asText() : v.toString());
        }
        for (JsonNode t : r.path("tables")) {
            System.out.println();
            System.out.println(t.path("title").asText());
            System.out.println("  " + t.path("columns").toString());
            for (JsonNode row : t.path("rows")) System.out.println("  " + row.toString());
        }
        System.out.println();
        System.out.println("HTML: " + dir.resolve("report.html"));
        return 0;
    }
}
