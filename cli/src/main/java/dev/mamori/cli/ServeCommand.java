package dev.mamori.cli;

import dev.mamori.data.catalog.DataCatalog;
import dev.mamori.methods.llmqa.SentimentSystem;
import dev.mamori.methods.llmqa.serve.ChatServer;
import dev.mamori.methods.llmqa.serve.ServerFaults;
import dev.mamori.methods.common.config.Check;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code mamori serve}: a native sentiment system behind an OpenAI-compatible chat endpoint. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a native sentiment system (lexicon, textcnn, transformer, lm) as an OpenAI-compatible endpoint: GET /v1/models and"
                + " POST /v1/chat/completions, so that 'mamori run llmqa --system chat --base-url http://127.0.0.1:PORT/v1 --model NAME --no-api-key'"
                + " (or any OpenAI client) can test it. No authentication: it binds to 127.0.0.1 unless --host says otherwise. Runs until stopped."})
final class ServeCommand implements Callable<Integer> {
    @Mixin
    LlmQaOptions system;

    @Check(min = 0, max = 65535, expected = "a port in [0, 65535]")
    @Option(names = "--port", description = "Port (default 8080; 0 = any free port).")
    int port = 8080;

    @Option(names = "--host", description = "Address to bind (default 127.0.0.1).")
    String host = "127.0.0.1";

    @Override
    public Integer call() throws Exception {
        if (system.system.equals("chat")) throw new IllegalArgumentException("serve needs a native --system: lexicon, textcnn, transformer or lm");
        SentimentSystem s = system.open(DataCatalog.fromEnvironment(), null, 1, 0, LlmQaOptions.facts());
        ChatServer server = ChatServer.start(s, s.name(), host, port, new ServerFaults());
        System.out.printf("serving %s at http://%s:%d/v1 (model name '%s'); stop with Ctrl-C%n", s.name(), host, server.port(), s.name());
        System.out.flush();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stop.countDown();
        }));
        stop.await();
        return 0;
    }
}
