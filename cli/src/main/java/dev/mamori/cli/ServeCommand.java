package dev.mamori.cli;

import dev.mamori.data.catalog.DataCatalog;
import dev.mamori.methods.llmqa.SentimentSystem;
import dev.mamori.methods.llmqa.nativemodels.NativeSystem;
import dev.mamori.methods.llmqa.serve.ChatServer;
import dev.mamori.methods.llmqa.serve.ServerFaults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** {@code mamori serve}: a native sentiment system behind an OpenAI-compatible chat endpoint. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a native sentiment system (lexicon, textcnn, transformer, lm) as an OpenAI-compatible endpoint: GET /v1/models and"
                + " POST /v1/chat/completions, so that 'mamori run llmqa --system chat --base-url http://127.0.0.1:PORT/v1 --model NAME --no-api-key'"
                + " (or any OpenAI client) can test it. No authentication: it binds to 127.0.0.1 unless --host says otherwise. Runs until stopped."})
final class ServeCommand implements Callable<Integer> {
    @Mixin
    LlmQaOptions system;

    @Option(names = "--port", description = "Port (default 8080; 0 = any free port).")
    int port = 8080;

    @Option(names = "--host", description = "Address to bind (default 127.0.0.1).")
    String host = "127.0.0.1";

    @Option(names = "--max-batch", description = "Native models: the most concurrent requests one forward pass answers (default 16; 1 = one at a time).")
    int maxBatch = NativeSystem.DEFAULT_MAX_BATCH;

    @Option(names = "--stats-every", description = "Seconds between log lines with requests served, requests per second and the mean batch size (default 60; 0 = none).")
    int statsEvery = 60;

    @Override
    public Integer call() throws Exception {
        if (system.system.equals("chat")) throw new IllegalArgumentException("serve needs a native --system: lexicon, textcnn, transformer or lm");
        if (maxBatch < 1) throw new IllegalArgumentException("--max-batch must be >= 1");
        SentimentSystem opened = system.open(DataCatalog.fromEnvironment(), null, 1, 0, LlmQaOptions.facts()).system();
        SentimentSystem s = opened instanceof NativeSystem n ? n.withMaxBatch(maxBatch) : opened;
        ChatServer server = ChatServer.start(s, s.name(), host, port, new ServerFaults());
        System.out.printf("serving %s at http://%s:%d/v1 (model name '%s'); stop with Ctrl-C%n", s.name(), host, server.port(), s.name());
        System.out.flush();
        ScheduledExecutorService stats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "serve-stats");
            t.setDaemon(true);
            return t;
        });
        StatsLine periodic = new StatsLine(server, s), total = new StatsLine(server, s);
        if (statsEvery > 0) stats.scheduleAtFixedRate(periodic, statsEvery, statsEvery, TimeUnit.SECONDS);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stats.shutdownNow();
            total.run(); // since the start
            server.close();
            stop.countDown();
        }));
        stop.await();
        return 0;
    }

    /**
     * One log line: requests so far, the rate since the previous line, the most in flight at once, and for a native
     * model the mean batch and the share of the interval the model was busy (near 100%: the one model thread limits
     * the rate; well below: the HTTP side or the client does).
     */
    private static final class StatsLine implements Runnable {
        private final ChatServer server;
        private final SentimentSystem system;
        private long lastRequests, lastNanos = System.nanoTime();
        private NativeSystem.Usage lastUsage = new NativeSystem.Usage(0, 0, 0);

        StatsLine(ChatServer server, SentimentSystem system) {
            this.server = server;
            this.system = system;
        }

        @Override
        public synchronized void run() {
            long now = System.nanoTime(), requests = server.requests();
            double seconds = (now - lastNanos) / 1e9;
            String model = "";
            if (system instanceof NativeSystem n) {
                NativeSystem.Usage u = n.usage();
                long passes = u.passes() - lastUsage.passes(), queries = u.queries() - lastUsage.queries();
                double busy = u.busySeconds() - lastUsage.busySeconds();
                model = String.format(Locale.ROOT, "; model: %d passes, mean batch %.2f, busy %.0f%% of the time, %.1f ms a pass", passes,
                        passes == 0 ? Double.NaN : (double) queries / passes, 100 * busy / seconds, passes == 0 ? Double.NaN : 1000 * busy / passes);
                lastUsage = u;
            }
            System.err.printf(Locale.ROOT, "serve: %d requests, %.1f requests/s over the last %.0f s, at most %d in flight at once%s%n", requests,
                    (requests - lastRequests) / seconds, seconds, server.maxInFlight(), model);
            lastRequests = requests;
            lastNanos = now;
        }
    }
}
