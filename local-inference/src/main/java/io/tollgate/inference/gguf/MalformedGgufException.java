package io.tollgate.inference.gguf;

import java.io.IOException;
import java.nio.file.Path;

/** A file that is not a GGUF file we can read: the message names the file, the problem and its byte offset. */
public final class MalformedGgufException extends IOException {
    private final long offset;

    MalformedGgufException(Path file, long offset, String problem) {
        super(file + ": " + problem + " (at byte " + offset + ")");
        this.offset = offset;
    }

    /** Where in the file the problem was found. */
    public long offset() {
        return offset;
    }
}
