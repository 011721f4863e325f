package dev.mamori.methods.common.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A run's record of finished tasks (the queries of a study, the stages of an experiment): one JSON line per task
 * ({"task": id, ...result}), appended with a single write as each task finishes. A process killed at any point (kill -9
 * included) leaves whole lines and at most one partial last line, which is removed on opening; a rerun skips every
 * task already recorded. A journal made for another configuration is refused (its first line holds the
 * configuration's fingerprint). {@link RunDirectory} keeps one per run directory.
 */
public final class RunJournal implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final FileChannel channel;
    private final Map<String, JsonNode> done = new ConcurrentHashMap<>();
    private final int resumed;

    public RunJournal(Path file, String fingerprint) throws IOException {
        this.file = file;
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (Files.exists(file)) cutPartialLine(file);
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        if (!fresh) {
            String[] lines = Files.readString(file, StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < lines.length; i++) {
                JsonNode n;
                try {
                    n = JSON.readTree(lines[i]);
                } catch (IOException e) {
                    throw new IOException(file + ": line " + (i + 1) + " is not JSON; the journal is damaged (move it away to start afresh)");
                }
                if (n == null || !n.has("task")) continue;
                if (n.get("task").asText().equals("#config")) {
                    if (!n.path("fingerprint").asText().equals(fingerprint)) {
                        throw new IllegalStateException(file + " belongs to a run with another configuration; use another --out");
                    }
                    continue;
                }
                done.put(n.get("task").asText(), n);
            }
        }
        this.resumed = done.size();
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        if (fresh) {
            ObjectNode head = JSON.createObjectNode().put("task", "#config").put("fingerprint", fingerprint);
            append(head);
        }
    }

    /**
     * The last line as a kill left it: a line cut short mid-write (not JSON) is removed, so that the lines appended
     * after it never follow a damaged one (a journal killed twice still reads); a whole line that only lacks its
     * newline gets it.
     */
    private static void cutPartialLine(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length == 0 || bytes[bytes.length - 1] == '\n') return;
        int start = bytes.length - 1;
        while (start >= 0 && bytes[start] != '\n') start--;
        start++;
        boolean whole;
        try {
            whole = JSON.readTree(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8)) != null;
        } catch (IOException e) {
            whole = false;
        }
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            if (whole) {
                c.position(bytes.length);
                c.write(ByteBuffer.wrap(new byte[]{'\n'}));
            } else {
                c.truncate(start);
            }
        }
    }

    public Optional<JsonNode> get(String task) {
        return Optional.ofNullable(done.get(task));
    }

    /** Every task recorded so far, in no particular order. */
    public java.util.Set<String> tasks() {
        return java.util.Set.copyOf(done.keySet());
    }

    /** Records a finished task (the result's fields beside "task"). */
    public void record(String task, ObjectNode result) {
        result.put("task", task);
        done.put(task, result);
        append(result);
    }

    private synchronized void append(ObjectNode line) {
        try {
            channel.write(ByteBuffer.wrap((line.toString() + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the journal " + file, e);
        }
    }

    /** Tasks found done when the journal was opened. */
    public int resumed() {
        return resumed;
    }

    public int size() {
        return done.size();
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
