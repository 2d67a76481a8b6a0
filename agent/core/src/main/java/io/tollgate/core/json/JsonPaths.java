package io.tollgate.core.json;

import java.util.List;

/**
 * The JSON leaves a wire format wants, as dotted paths with {@code []} for array elements
 * ({@code usage.prompt_tokens}, {@code choices[].finish_reason}); a trailing {@code .*} takes every
 * leaf below ({@code usage.*}). Everything else in a document is skipped without building paths.
 */
public final class JsonPaths {
  private final List<String> exact;
  private final List<String> subtrees;

  private JsonPaths(List<String> exact, List<String> subtrees) {
    this.exact = exact;
    this.subtrees = subtrees;
  }

  public static JsonPaths of(String... patterns) {
    List<String> exact = new java.util.ArrayList<>();
    List<String> subtrees = new java.util.ArrayList<>();
    for (String p : patterns) {
      if (p.endsWith(".*")) {
        subtrees.add(p.substring(0, p.length() - 2));
      } else {
        exact.add(p);
      }
    }
    return new JsonPaths(List.copyOf(exact), List.copyOf(subtrees));
  }

  /** The exact leaf paths asked for (not the subtrees). */
  public List<String> patterns() {
    return exact;
  }

  /** Whether a leaf at {@code path} is wanted. */
  boolean wantsLeaf(String path) {
    if (exact.contains(path)) {
      return true;
    }
    for (String s : subtrees) {
      if (isUnder(path, s)) {
        return true;
      }
    }
    return false;
  }

  /** Whether anything wanted can lie inside the container at {@code path}. */
  boolean wantsContainer(String path) {
    for (String s : subtrees) {
      if (isUnder(path, s) || path.equals(s) || isUnder(s, path)) {
        return true;
      }
    }
    for (String e : exact) {
      if (isUnder(e, path)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isUnder(String path, String container) {
    return path.length() > container.length()
        && path.startsWith(container)
        && (path.charAt(container.length()) == '.' || path.charAt(container.length()) == '[');
  }
}
