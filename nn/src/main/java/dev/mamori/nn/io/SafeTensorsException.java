package dev.mamori.nn.io;

import java.io.IOException;

/** A safetensors file that cannot be read as such; the message names the file and, where known, the tensor. */
public class SafeTensorsException extends IOException {
    public SafeTensorsException(String message) {
        super(message);
    }

    public SafeTensorsException(String message, Throwable cause) {
        super(message, cause);
    }
}
