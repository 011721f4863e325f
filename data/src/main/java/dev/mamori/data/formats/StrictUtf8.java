package dev.mamori.data.formats;

import dev.mamori.data.MalformedDataException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a text file as UTF-8 and fails on the first byte that is not valid UTF-8, naming the file and its offset
 * (Java's readers would silently put U+FFFD in its place, and a text attack would then measure a corrupted review).
 */
public final class StrictUtf8 {
    /** Text files beyond this size are refused rather than read into memory. */
    public static final long MAX_BYTES = 1L << 30;

    private StrictUtf8() {}

    public static String read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) throw new MalformedDataException(file, 0, "file of " + size + " bytes is larger than the " + MAX_BYTES + "-byte limit for text");
        return decode(file, Files.readAllBytes(file));
    }

    /** Decodes bytes of {@code file} (named in the error). */
    public static String decode(Path file, byte[] bytes) throws MalformedDataException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            throw new MalformedDataException(file, in.position(), "not valid UTF-8 (byte 0x"
                    + String.format("%02x", bytes[in.position()] & 0xff) + "); convert the file to UTF-8");
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** Decodes bytes that carry no file name (a review given on the command line or over a socket). */
    public static String decode(byte[] bytes, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " is not valid UTF-8");
        }
    }
}
