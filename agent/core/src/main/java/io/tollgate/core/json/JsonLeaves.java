package io.tollgate.core.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The scalar leaves collected from a JSON document, by path; a path met in several array elements keeps all values. */
public final class JsonLeaves {
  private final Map<String, Object> values = new LinkedHashMap<>();

  void add(String path, Object value) {
    Object existing = values.putIfAbsent(path, value);
    if (existing != null) {
      List<Object> all;
      if (existing instanceof Multi multi) {
        all = multi.values;
      } else {
        all = new ArrayList<>();
        all.add(existing);
        values.put(path, new Multi(all));
      }
      all.add(value);
    }
  }

  /** Sets (replaces) a leaf: for formats that merge several events into one view. */
  public void set(String path, Object value) {
    values.put(path, value);
  }

  public boolean has(String path) {
    return values.containsKey(path);
  }

  public boolean hasUnder(String prefix) {
    for (String key : values.keySet()) {
      if (key.length() > prefix.length() && key.startsWith(prefix) && key.charAt(prefix.length()) == '.') {
        return true;
      }
    }
    return false;
  }

  /** The value as a long, or {@code fallback} when absent or not a number. */
  public long getLong(String path, long fallback) {
    Object v = first(path);
    return v instanceof Number n ? n.longValue() : fallback;
  }

  public Double getDouble(String path) {
    Object v = first(path);
    return v instanceof Number n ? n.doubleValue() : null;
  }

  public String getString(String path) {
    Object v = first(path);
    return v == null ? null : String.valueOf(v);
  }

  public Boolean getBoolean(String path) {
    Object v = first(path);
    return v instanceof Boolean b ? b : null;
  }

  public List<String> getStrings(String path) {
    Object v = values.get(path);
    List<String> out = new ArrayList<>();
    if (v instanceof Multi multi) {
      multi.values.forEach(x -> {
        if (x != JsonNull.NULL) {
          out.add(String.valueOf(x));
        }
      });
    } else if (v != null && v != JsonNull.NULL) {
      out.add(String.valueOf(v));
    }
    return out;
  }

  private Object first(String path) {
    Object v = values.get(path);
    if (v instanceof Multi multi) {
      v = multi.values.get(0);
    }
    return v == JsonNull.NULL ? null : v;
  }

  @Override
  public String toString() {
    return values.toString();
  }

  private record Multi(List<Object> values) {}

  /** Marks a JSON {@code null} leaf, so {@link #has} can tell it from an absent one. */
  enum JsonNull { NULL }
}
