package dev.mamori.nn.util;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Progress of a long run: a progress bar with rate and ETA on a terminal (me.tongfei:progressbar), plain log lines
 * at most every few seconds otherwise (CI logs, files), always with the running values the caller reports
 * (loss, accuracy).
 */
public final class Progress implements AutoCloseable {
    private static final long LOG_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

    private final String task;
    private final long total;
    private final ProgressBar bar;
    private final PrintStream log;
    private final long start = System.nanoTime();
    private long done;
    private long lastLog = System.nanoTime();
    private final Map<String, String> values = new LinkedHashMap<>();

    private Progress(String task, long total, boolean terminal, PrintStream log) {
        this.task = task;
        this.total = total;
        this.log = log;
        this.bar = terminal ? new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).showSpeed().build() : null;
    }

    /** A bar on a terminal, log lines to stderr otherwise. */
    public static Progress start(String task, long total) {
        boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM")) && !Boolean.getBoolean("mamori.plainProgress");
        return new Progress(task, total, terminal, System.err);
    }

    /** Log lines only, to the given stream (tests, files). */
    public static Progress plain(String task, long total, PrintStream log) {
        return new Progress(task, total, false, log);
    }

    /** Silent (when a caller runs many short sub-tasks). */
    public static Progress silent(String task, long total) {
        return new Progress(task, total, false, null);
    }

    public void step(long n) {
        done += n;
        if (bar != null) {
            bar.stepBy(n);
        } else if (log != null && (System.nanoTime() - lastLog > LOG_INTERVAL_NANOS || done == total)) {
            lastLog = System.nanoTime();
            log.println(line());
        }
    }

    public void step() {
        step(1);
    }

    /** Sets a value shown beside the bar ("loss", "0.412"). */
    public void set(String key, String value) {
        values.put(key, value);
        if (bar != null) bar.setExtraMessage(extras());
    }

    public void set(String key, double value) {
        set(key, String.format("%.4g", value));
    }

    public long done() {
        return done;
    }

    /** Items per second so far. */
    public double rate() {
        double secs = (System.nanoTime() - start) / 1e9;
        return secs > 0 ? done / secs : 0;
    }

    /** The log line: task, count, percentage, rate, ETA, values. */
    public String line() {
        double rate = rate();
        long remaining = total - done;
        String eta = rate > 0 && total > 0 ? formatDuration((long) (remaining / rate)) : "?";
        String pct = total > 0 ? String.format("%5.1f%%", 100.0 * done / total) : "";
        return String.format("%s %d/%d %s %.2f it/s ETA %s %s", task, done, total, pct, rate, eta, extras()).trim();
    }

    private String extras() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(k).append(' ').append(v).append(' '));
        return sb.toString().trim();
    }

    static String formatDuration(long seconds) {
        return seconds >= 3600 ? String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format("%02d:%02d", seconds / 60, seconds % 60);
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
