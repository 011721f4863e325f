package dev.mamori.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mamori.autograd.FlopCounter;
import dev.mamori.eval.bench.DetectorBenchmark;
import dev.mamori.eval.bench.FlopFloor;
import dev.mamori.eval.bench.NnBenchmark;
import dev.mamori.eval.bench.samediff.SdBenchmark;
import dev.mamori.methods.common.config.Check;
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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks. 'nn': the suite of shared/bench/SUITE.md (train step, inference, input gradient"
                + " for convmixer, vit, resnet; --cases detector, unet, stylegan add the wave-2 CenterNet-style detector, text-conditioned UNet and StyleGAN2), one JSON line per case; with --with-torch the PyTorch twin runs in the same"
                + " window and the ratios to PyTorch are printed; --engine samediff|both runs the same models as SameDiff graphs."})
final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", defaultValue = "nn", description = "Suite (only 'nn').")
    String suite;

    @Option(names = "--cases", split = ",", description = "Cases (default: all of convmixer, vit, resnet; wave 2: detector, unet, stylegan).")
    List<String> cases;

    @Option(names = "--with-torch", description = "Also run the PyTorch twin (../shared/bench/torchpy torch_bench.py) and print ratios.")
    boolean withTorch;

    @Option(names = "--torch-bench", description = "Directory of the PyTorch twin (default: ../shared/bench).")
    Path torchBench;

    @Check(min = 1)
    @Option(names = "--rounds", defaultValue = "1", description = "Alternate the engines and PyTorch this many times and keep each side's best (default 1).")
    int rounds;

    @Option(names = "--engine", defaultValue = "mamori",
            description = "mamori (the eager tape, default), samediff (the same models as SameDiff graphs), or both (alternating, case by case).")
    String engine;

    @Option(names = "--profile", description = "Print, for each case, the per-op time profile of Mamori's tape (ops sorted by total"
            + " forward + backward time) for each phase, to standard error, after the timings.")
    boolean profile;

    @Option(names = "--flop-floor", description = "Also measure this machine's float32 GEMM peak and print, per case and phase, the products it"
            + " runs (GFLOP, forward and backward), their floor at the peak, and the measured times as multiples of it.")
    boolean flopFloor;

    @Option(names = "--ab-off", split = ",", paramLabel = "NAMES",
            description = "A/B in this one JVM: --rounds pairs of single training-step, inference and input-gradient (not for the"
                    + " detector) iterations, one with these"
                    + " kernels off (-Dmamori.kernels.off, e.g. conv_input_grad) and one on, in alternating order; prints the"
                    + " median ratio on / off and its quartiles.")
    List<String> abOff;

    @Override
    public Integer call() throws Exception {
        if (!suite.equals("nn")) throw new IllegalArgumentException("unknown benchmark suite '" + suite + "' (expected nn)");
        if (abOff != null) return abKernels();
        if (!List.of("mamori", "samediff", "both").contains(engine)) {
            throw new IllegalArgumentException("--engine: unknown engine '" + engine + "' (expected mamori, samediff or both)");
        }
        boolean runMamori = !engine.equals("samediff"), runSameDiff = !engine.equals("mamori");
        List<String> selected = cases == null ? List.copyOf(NnBenchmark.CASES.keySet()) : cases;
        String version = dev.mamori.eval.report.RuntimeVersions.detect().mamori();
        NnBenchmark bench = NnBenchmark.standard();
        SdBenchmark sameDiffBench = SdBenchmark.standard();
        Map<String, NnBenchmark.Result> ours = new LinkedHashMap<>();
        Map<String, NnBenchmark.Result> sameDiff = new LinkedHashMap<>();
        Map<String, NnBenchmark.Result> torch = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (String c : selected) {
                // with both engines, odd rounds run SameDiff first so that neither always runs on a fresher machine
                if (c.equals(DetectorBenchmark.CASE)) {
                    // wave 2: no SameDiff twin and no input gradient
                    if (runMamori) {
                        DetectorBenchmark detector = DetectorBenchmark.standard();
                        NnBenchmark.Result r = detector.run();
                        System.out.println(detector.jsonLine(r, version));
                        ours.merge(c, r, NnBenchmark::best);
                    }
                    continue;
                }
                boolean sameDiffFirst = runSameDiff && (!runMamori || round % 2 == 1);
                boolean hasSameDiff = NnBenchmark.CASES.containsKey(c);   // wave-2 cases have no SameDiff graph
                if (sameDiffFirst && hasSameDiff) sameDiff.merge(c, runSameDiff(sameDiffBench, c), NnBenchmark::best);
                if (runMamori) {
                    NnBenchmark.Result r = bench.run(c);
                    System.out.println(bench.jsonLine(r, version));
                    ours.merge(c, r, NnBenchmark::best);
                }
                if (runSameDiff && !sameDiffFirst && hasSameDiff) sameDiff.merge(c, runSameDiff(sameDiffBench, c), NnBenchmark::best);
            }
            if (withTorch) {
                for (JsonNode line : runTorch(selected)) {
                    System.out.println(line);
                    NnBenchmark.Result t = new NnBenchmark.Result(line.get("case").asText(), line.get("params").asLong(),
                            line.get("train_step_ms").asDouble(), line.get("infer_ms").asDouble(), line.path("input_grad_ms").asDouble(Double.NaN));
                    torch.merge(t.caseName(), t, NnBenchmark::best);
                }
            }
        }
        if (withTorch) {
            if (runMamori) printRatios("mamori / pytorch (lower is better; goal <= 1.5)", selected, ours, torch);
            if (runSameDiff) printRatios("samediff / pytorch (lower is better)", selected, sameDiff, torch);
        }
        if (runMamori && runSameDiff) printRatios("mamori / samediff (below 1: mamori is faster)", selected, ours, sameDiff);
        if (flopFloor) printFlopFloor(selected, bench, ours, torch);
        if (profile) {
            for (String c : selected) {
                Map<String, String> tables = c.equals(DetectorBenchmark.CASE) ? DetectorBenchmark.standard().profile() : bench.profile(c);
                tables.forEach((phase, table) -> System.err.printf("%nprofile %s %s %s", c, phase, table));
            }
        }
        return 0;
    }

    private static NnBenchmark.Result runSameDiff(SdBenchmark bench, String caseName) {
        NnBenchmark.Result r = bench.run(caseName);
        System.out.println(bench.jsonLine(r));
        return r;
    }

    /** Kernels on against off in one process: paired single iterations ({@link NnBenchmark#pairedAb}). */
    private int abKernels() {
        List<String> selected = cases == null ? List.copyOf(NnBenchmark.CASES.keySet()) : cases;
        String offNames = String.join(",", abOff);
        for (String name : abOff) {
            if (!dev.mamori.autograd.kernels.CpuKernels.enabled(name)) {
                System.err.printf("mamori bench: kernel '%s' is off already (off by default, or in -Dmamori.kernels.off): both sides of the A/B"
                        + " run without it; name it in -Dmamori.kernels.on (JAVA_OPTS) to measure it%n", name);
            }
        }
        NnBenchmark bench = NnBenchmark.standard();
        int pairs = Math.max(rounds, 2);
        System.out.printf("A/B kernels on / off(%s), median [quartiles] over %d paired iterations (below 1: they help)%n", offNames, pairs);
        for (String c : selected) {
            List<NnBenchmark.PairedRatio> ratios = c.equals(DetectorBenchmark.CASE)
                    ? DetectorBenchmark.standard().pairedAb(offNames, pairs) : bench.pairedAb(c, offNames, pairs);
            for (NnBenchmark.PairedRatio r : ratios) {
                System.out.printf(java.util.Locale.ROOT, "%-10s %-10s wall %.3f [%.3f, %.3f]  cpu %.3f [%.3f, %.3f]%n", c, r.quantity(),
                        r.median(), r.lowerQuartile(), r.upperQuartile(), r.cpuMedian(), r.cpuLowerQuartile(), r.cpuUpperQuartile());
            }
        }
        return 0;
    }

    /** The FLOP floor of each case and phase and the measured times (best of the rounds) as multiples of it. */
    private static void printFlopFloor(List<String> selected, NnBenchmark bench, Map<String, NnBenchmark.Result> ours,
                                       Map<String, NnBenchmark.Result> torch) {
        FlopFloor.Peak peak = FlopFloor.measurePeak(5);
        System.out.printf(Locale.ROOT, "%nflop floor: float32 GEMM peak %.1f GFLOP/s (Nd4j.gemm, best square %d; by size %s: %s GFLOP/s; %d threads)%n",
                peak.gflops(), peak.size(), FlopFloor.PEAK_SIZES, java.util.Arrays.stream(peak.bySize())
                        .mapToObj(v -> String.format(Locale.ROOT, "%.1f", v)).toList(), org.nd4j.linalg.factory.Nd4j.getEnvironment().maxThreads());
        System.out.printf("%-10s %-11s %9s %9s %10s %10s %9s %10s %9s%n", "case", "phase", "fwd GFLOP", "bwd GFLOP", "floor ms",
                "mamori ms", "x floor", "torch ms", "x floor");
        for (String c : selected) {
            Map<String, FlopCounter.Counts> counts = c.equals(DetectorBenchmark.CASE) ? DetectorBenchmark.standard().flops() : bench.flops(c);
            NnBenchmark.Result r = ours.get(c), t = torch.get(c);
            counts.forEach((phase, n) -> {
                double floor = FlopFloor.floorMillis(phase, n, peak);
                double mine = r == null ? Double.NaN : millis(r, phase), theirs = t == null ? Double.NaN : millis(t, phase);
                System.out.printf(Locale.ROOT, "%-10s %-11s %9.3f %9.3f %10.2f %10s %9s %10s %9s%s%n", c, phase, n.forward() / 1e9,
                        FlopFloor.phaseFlops(phase, n) / 1e9 - n.forward() / 1e9, floor, orDash(mine), orDash(mine / floor),
                        orDash(theirs), orDash(theirs / floor), n.uncounted().isEmpty() ? "" : "  (not counted: " + n.uncounted() + ")");
            });
        }
    }

    /** The value with one decimal, or "-" where it was not measured (no PyTorch run, no such phase). */
    private static String orDash(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.1f", value) : "-";
    }

    private static double millis(NnBenchmark.Result r, String phase) {
        return switch (phase) {
            case "train_step" -> r.trainStepMs();
            case "infer" -> r.inferMs();
            case "input_grad" -> r.inputGradMs();
            default -> Double.NaN;
        };
    }

    /** A table of per-case ratios a / b of the best times (each engine's best over the rounds). */
    private static void printRatios(String title, List<String> selected, Map<String, NnBenchmark.Result> a, Map<String, NnBenchmark.Result> b) {
        System.out.printf("%nratios %s%n%-10s %10s %10s %12s%n", title, "case", "train", "infer", "input_grad");
        for (String c : selected) {
            NnBenchmark.Result r = a.get(c), t = b.get(c);
            if (r == null || t == null) continue;
            if (t.params() != r.params()) {
                System.out.printf("%-10s parameter counts differ (%d vs %d): not the same model%n", c, r.params(), t.params());
                continue;
            }
            double grad = r.inputGradMs() / t.inputGradMs();
            System.out.printf("%-10s %10.2f %10.2f %12s%n", c, r.trainStepMs() / t.trainStepMs(), r.inferMs() / t.inferMs(),
                    Double.isNaN(grad) ? "-" : String.format(java.util.Locale.ROOT, "%.2f", grad));
        }
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
