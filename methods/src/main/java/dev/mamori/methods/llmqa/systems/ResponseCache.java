package dev.mamori.methods.llmqa.systems;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers on disk, keyed by the SHA-256 of the full request: endpoint, model, every sampling parameter, the messages
 * and the repeat number (a canonical JSON document; the API key is not part of it and is never written). One small
 * JSON file per answer under a two-hex-digit fan-out, written to a temporary file and moved into place, so a process
 * killed mid-write leaves no half answer and a resumed study re-sends nothing it already has.
 */
public final class ResponseCache {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;
    private final AtomicLong hits = new AtomicLong(), misses = new AtomicLong(), writes = new AtomicLong();

    public ResponseCache(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the response cache " + dir, e);
        }
    }

    /** The cache key of a canonical request document. */
    public static String key(ObjectNode request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(JSON.writeValueAsString(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<String> get(String key) {
        Path f = file(key);
        if (!Files.isRegularFile(f)) {
            misses.incrementAndGet();
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(f.toFile());
            if (n == null || !n.has("answer") || !n.get("answer").isTextual()) throw new IOException("no 'answer' string");
            hits.incrementAndGet();
            return Optional.of(n.get("answer").asText());
        } catch (IOException e) {
            // a damaged entry is a miss: the request is sent again and the entry rewritten
            misses.incrementAndGet();
            return Optional.empty();
        }
    }

    public void put(String key, ObjectNode request, String answer) {
        Path f = file(key);
        try {
            Files.createDirectories(f.getParent());
            ObjectNode entry = JSON.createObjectNode();
            entry.set("request", request);
            entry.put("answer", answer);
            Path tmp = Files.createTempFile(f.getParent(), key.substring(0, 8), ".tmp");
            Files.writeString(tmp, entry.toString());
            try {
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
            writes.incrementAndGet();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the response cache " + dir, e);
        }
    }

    private Path file(String key) {
        return dir.resolve(key.substring(0, 2)).resolve(key + ".json");
    }

    public Path dir() {
        return dir;
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }

    public long writes() {
        return writes.get();
    }
}
