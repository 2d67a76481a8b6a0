package io.tollgate.core.json;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON leaves a wire format wants, as dotted paths with {@code []} for array elements
 * ({@code usage.prompt_tokens}, {@code choices[].finish_reason}); a trailing {@code .*} takes every
 * leaf below ({@code usage.*}). Compiled into a tree once, so a parse looks each field name up in
 * its parent's node and builds no path strings outside wanted subtrees.
 */
public final class JsonPaths {
  private final List<String> exact;
  private final Node root = new Node("");

  private JsonPaths(List<String> exact, List<String> subtrees) {
    this.exact = exact;
    for (String p : exact) {
      node(p).leaf = true;
    }
    for (String s : subtrees) {
      node(s).subtree = true;
    }
  }

  public static JsonPaths of(String... patterns) {
    List<String> exact = new ArrayList<>();
    List<String> subtrees = new ArrayList<>();
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

  Node root() {
    return root;
  }

  private Node node(String path) {
    Node n = root;
    int i = 0;
    while (i < path.length()) {
      if (path.startsWith("[]", i)) {
        n = n.element();
        i += 2;
        if (i < path.length() && path.charAt(i) == '.') {
          i++;
        }
        continue;
      }
      int end = i;
      while (end < path.length() && path.charAt(end) != '.' && !path.startsWith("[]", end)) {
        end++;
      }
      n = n.child(path.substring(i, end));
      i = end < path.length() && path.charAt(end) == '.' ? end + 1 : end;
    }
    return n;
  }

  /** One position in the wanted tree; {@code path} is its full dotted path, built once. */
  static final class Node {
    private static final int MAX_SEEN_BELOW = 64;
    final String path;
    private final Map<String, Node> children = new HashMap<>(4);
    private Node element;
    private volatile Map<String, Node> seenBelow;
    private volatile Node seenElement;
    boolean leaf;
    boolean subtree;

    Node(String path) {
      this.path = path;
    }

    Node child(String name) {
      return children.computeIfAbsent(name, k -> new Node(path.isEmpty() ? k : path + "." + k));
    }

    Node element() {
      if (element == null) {
        element = new Node(path + "[]");
      }
      return element;
    }

    private static Node wantedBelow(String path) {
      Node n = new Node(path);
      n.subtree = true;
      n.leaf = true;
      return n;
    }

    /**
     * Inside a wanted subtree (usage fields) every name is wanted, so nodes are made as names are
     * met; shared by every thread, hence a concurrent map, and bounded against a response that
     * invents names: past the bound a node is made afresh each time.
     */
    private Node wantedField(String name) {
      Map<String, Node> made = seenBelow;
      if (made == null) {
        synchronized (this) {
          if (seenBelow == null) {
            seenBelow = new ConcurrentHashMap<>(16);
          }
          made = seenBelow;
        }
      }
      Node n = made.get(name);
      if (n == null) {
        n = wantedBelow(path + "." + name);
        if (made.size() < MAX_SEEN_BELOW) {
          Node raced = made.putIfAbsent(name, n);
          n = raced != null ? raced : n;
        }
      }
      return n;
    }

    private Node wantedElement() {
      Node n = seenElement;
      if (n == null) {
        n = wantedBelow(path + "[]");
        seenElement = n; // a race makes an equal node twice, harmless
      }
      return n;
    }

    /** The node for a field of this object, or null when nothing below it is wanted. */
    Node field(String name) {
      return subtree ? wantedField(name) : children.get(name);
    }

    /** The node for this array's elements, or null when nothing in them is wanted. */
    Node arrayElement() {
      return subtree ? wantedElement() : element;
    }
  }
}
