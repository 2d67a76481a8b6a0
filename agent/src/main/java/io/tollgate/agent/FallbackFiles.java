package io.tollgate.agent;

import java.nio.file.Path;

/**
 * Where an agent file goes when its configured place cannot be written (a read-only working directory): a folder of
 * this user's own in the temp folder. A folder shared by every user would belong to the first one to need it, and
 * every other user's agent would then have nowhere to write.
 */
final class FallbackFiles {
  private FallbackFiles() {}

  static Path path(String fileName) {
    String user = System.getProperty("user.name", "unknown").replaceAll("[^A-Za-z0-9._-]", "_");
    return Path.of(System.getProperty("java.io.tmpdir"), "tollgate-" + user, fileName);
  }
}
