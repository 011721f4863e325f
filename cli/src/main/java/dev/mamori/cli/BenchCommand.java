package dev.mamori.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mamori.eval.bench.NnBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks. 'nn': the suite of shared/bench/SUITE.md (train step, inference, input gradient",
                "for convmixer, vit, resnet), one JSON line per case; with --with-torch the PyTorch twin runs in the same",
                "window and the ratios mamori/pytorch are printed."})
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", defaultValue = "nn", description = "Suite (only 'nn').")
    String suite;

    @Option(names = "--cases", split = ",", description = "Cases (default: all of convmixer, vit, resnet).")
    List<String> cases;

    @Option(names = "--with-torch", description = "Also run the PyTorch twin (../shared/bench/torchpy torch_bench.py) and print ratios.")
    boolean withTorch;

    @Option(names = "--torch-bench", description = "Directory of the PyTorch twin (default: ../shared/bench).")
    Path torchBench;

    @Option(names = "--rounds", defaultValue = "1", description = "Alternate mamori and PyTorch this many times and keep each side's best (default 1).")
    int rounds;

    @Override
    public Integer call() throws Exception {
        if (!suite.equals("nn")) throw new IllegalArgumentException("unknown benchmark suite '" + suite + "' (expected nn)");
        List<String> selected = cases == null ? List.copyOf(NnBenchmark.CASES.keySet()) : cases;
        String version = Main.class.getPackage().getImplementationVersion() == null ? "dev" : Main.class.getPackage().getImplementationVersion();
        NnBenchmark bench = NnBenchmark.standard();
        Map<String, NnBenchmark.Result> ours = new LinkedHashMap<>();
        Map<String, JsonNode> theirs = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (String c : selected) {
                NnBenchmark.Result r = bench.run(c);
                System.out.println(bench.jsonLine(r, version));
                ours.merge(c, r, NnBenchmark::best);
            }
            if (withTorch) {
                for (JsonNode line : runTorch(selected)) {
                    System.out.println(line);
                    theirs.merge(line.get("case").asText(), line, (a, b) -> a.get("train_step_ms").asDouble() <= b.get("train_step_ms").asDouble() ? a : b);
                }
            }
        }
        if (withTorch) {
            System.out.printf("%nratios mamori / pytorch (lower is better; goal <= 1.5)%n%-10s %10s %10s %12s%n", "case", "train", "infer", "input_grad");
            for (String c : selected) {
                NnBenchmark.Result r = ours.get(c);
                JsonNode t = theirs.get(c);
                if (t == null) continue;
                if (t.get("params").asLong() != r.params()) {
                    System.out.printf("%-10s parameter counts differ (%d vs %d): not the same model%n", c, r.params(), t.get("params").asLong());
                    continue;
                }
                System.out.printf("%-10s %10.2f %10.2f %12.2f%n", c, r.trainStepMs() / t.get("train_step_ms").asDouble(),
                        r.inferMs() / t.get("infer_ms").asDouble(), r.inputGradMs() / t.get("input_grad_ms").asDouble());
            }
        }
        return 0;
    }

    private List<JsonNode> runTorch(List<String> selected) throws Exception {
        Path dir = torchBench != null ? torchBench : Path.of("..", "shared", "bench");
        Path runner = dir.resolve("torchpy");
        if (!Files.isExecutable(runner)) {
            throw new IllegalArgumentException("--with-torch: " + runner + " not found; pass --torch-bench DIR");
        }
        List<String> cmd = new ArrayList<>(List.of(runner.toString(), dir.resolve("torch_bench.py").toString()));
        cmd.addAll(selected);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<JsonNode> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("{")) out.add(json.readTree(line));
            }
        }
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IllegalStateException("the PyTorch twin exited with " + rc + (rc == 127 ? " (no python3 with torch: apt-get install -y python3-torch)" : ""));
        }
        return out;
    }
}
