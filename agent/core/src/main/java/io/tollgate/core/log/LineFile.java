package io.tollgate.core.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An append-only line file written off the caller's thread: {@link #append} only queues, and
 * {@link #flush} (run by the agent's housekeeping thread every few milliseconds, and at exit) writes
 * what is queued with one system call. A process killed with {@code kill -9} loses only the lines
 * queued since the last flush: lines already written live in the OS's page cache.
 */
public final class LineFile {
  private final Path path;
  private final boolean fsync;
  private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
  private FileChannel channel;
  private boolean failed;

  public LineFile(Path path, boolean fsync) throws IOException {
    this.path = path;
    this.fsync = fsync;
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  public Path path() {
    return path;
  }

  /**
   * Queues one line (without its newline). Its {@code toString} is called when it is written, on the
   * flushing thread, so a caller can hand over an object and leave the formatting off its own thread.
   */
  public void append(Object line) {
    queue.offer(line);
  }

  public synchronized void flush() {
    if (queue.isEmpty() || failed) {
      return;
    }
    StringBuilder batch = new StringBuilder(256);
    for (Object line; (line = queue.poll()) != null; ) {
      batch.append(line).append('\n');
    }
    try {
      ByteBuffer bytes = ByteBuffer.wrap(batch.toString().getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      if (fsync) {
        channel.force(false);
      }
    } catch (IOException e) {
      failed = true;
      AgentLog.get(LineFile.class).warnOnce("linefile:" + path, "cannot write " + path + ": " + e + " (further lines are dropped)");
    }
  }

  /** Replaces the file's content with {@code lines} (written to a sibling, then renamed over it). */
  public synchronized void rewrite(Iterable<String> lines) throws IOException {
    flush();
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
    StringBuilder all = new StringBuilder();
    for (String line : lines) {
      all.append(line).append('\n');
    }
    Files.writeString(tmp, all, StandardCharsets.UTF_8);
    channel.close();
    Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }
}
