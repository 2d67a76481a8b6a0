package io.tollgate.gpu;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the CSV of {@code nvidia-smi --query-gpu=...}: with or without the header line, with or
 * without units ({@code 45 %}, {@code 1234 MiB}, {@code 70.2 W}), one row per GPU. Columns are
 * found by name, so any field list that includes some of ours works; values nvidia-smi cannot give
 * ({@code [N/A]}, {@code [Not Supported]}, {@code N/A}) become null.
 */
public final class NvidiaSmiCsv {
  /** The fields Tollgate asks for, in this order. */
  public static final List<String> FIELDS = List.of("index", "uuid", "name", "driver_version", "utilization.gpu",
      "utilization.memory", "memory.used", "memory.total", "power.draw", "temperature.gpu");

  private static final long MIB = 1024L * 1024L;
  // nvidia-smi accepts these alternative names in a query, but prints the header with the canonical one
  private static final Map<String, String> ALIASES = Map.of("gpu_name", "name", "gpu_uuid", "uuid");

  private NvidiaSmiCsv() {}

  /** Output of {@code --format=csv}: the first line names the columns. */
  public static List<GpuReading> parse(String output) {
    List<String> lines = lines(output);
    if (lines.isEmpty()) {
      return List.of();
    }
    List<String> header = new ArrayList<>();
    for (String column : lines.get(0).split(",")) {
      String name = column.trim();
      int unit = name.indexOf(" [");
      header.add(unit > 0 ? name.substring(0, unit) : name);
    }
    return rows(header, lines.subList(1, lines.size()));
  }

  /** Output of {@code --format=csv,noheader[,nounits]} for the query {@code fields}. */
  public static List<GpuReading> parse(List<String> fields, String output) {
    return rows(fields, lines(output));
  }

  private static List<String> lines(String output) {
    List<String> out = new ArrayList<>();
    for (String line : output.split("\r?\n")) {
      if (!line.isBlank()) {
        out.add(line);
      }
    }
    return out;
  }

  private static List<GpuReading> rows(List<String> fields, List<String> lines) {
    List<GpuReading> out = new ArrayList<>();
    for (String line : lines) {
      out.add(row(fields, line, out.size()));
    }
    return out;
  }

  /**
   * One line of {@code --format=csv,noheader[,nounits]} for the query {@code fields}, as nvidia-smi's
   * loop mode prints them; {@code rowNumber} is the index when the line has none.
   */
  public static GpuReading row(List<String> fields, String line, int rowNumber) {
    String[] cells = line.split(",", -1);
    if (cells.length != fields.size()) {
      throw new IllegalArgumentException("nvidia-smi row has " + cells.length + " values for " + fields.size() + " fields: " + line);
    }
    Map<String, String> row = new HashMap<>();
    for (int i = 0; i < cells.length; i++) {
      String field = fields.get(i).trim().toLowerCase(Locale.ROOT);
      row.put(ALIASES.getOrDefault(field, field), value(cells[i]));
    }
    return reading(row, rowNumber);
  }

  private static GpuReading reading(Map<String, String> row, int rowNumber) {
    Double index = number(row.get("index"));
    int i = index == null ? rowNumber : index.intValue();
    String uuid = row.get("uuid");
    Double memoryUsed = number(row.get("memory.used"));
    Double memoryTotal = number(row.get("memory.total"));
    return new GpuReading(i, uuid != null ? uuid : "gpu" + i, row.get("name"), row.get("driver_version"),
        percent(row.get("utilization.gpu")), percent(row.get("utilization.memory")),
        memoryUsed == null ? null : (long) (memoryUsed * MIB), memoryTotal == null ? null : (long) (memoryTotal * MIB),
        number(row.get("power.draw")), null, number(row.get("temperature.gpu")), null);
  }

  /** The cell without surrounding blanks; null for the ways nvidia-smi says it has no value. */
  private static String value(String cell) {
    String v = cell.trim();
    if (v.isEmpty() || v.startsWith("[") || v.equalsIgnoreCase("N/A")) {
      return null;
    }
    return v;
  }

  private static Double percent(String v) {
    Double p = number(v);
    return p == null ? null : p / 100.0;
  }

  /** The leading number of a value such as {@code 70.23 W}; null when there is none. */
  private static Double number(String v) {
    if (v == null) {
      return null;
    }
    int end = 0;
    while (end < v.length() && (Character.isDigit(v.charAt(end)) || v.charAt(end) == '.' || (end == 0 && v.charAt(end) == '-'))) {
      end++;
    }
    try {
      return end == 0 ? null : Double.valueOf(v.substring(0, end));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
