package io.tollgate.gpu;

import java.util.ArrayList;
import java.util.List;

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
    NvidiaSmiColumns columns = new NvidiaSmiColumns(fields);
    List<GpuReading> out = new ArrayList<>();
    for (String line : lines) {
      out.add(row(columns, line, out.size()));
    }
    return out;
  }

  /**
   * One line of {@code --format=csv,noheader[,nounits]}, as nvidia-smi's loop mode prints them;
   * {@code rowNumber} is the index when the line has none.
   */
  static GpuReading row(NvidiaSmiColumns columns, String line, int rowNumber) {
    String[] cells = line.split(",", -1);
    if (cells.length != columns.count) {
      throw new IllegalArgumentException("nvidia-smi row has " + cells.length + " values for " + columns.count + " fields: " + line);
    }
    Double index = number(cell(cells, columns.index));
    int i = index == null ? rowNumber : index.intValue();
    String uuid = cell(cells, columns.uuid);
    Double memoryUsed = number(cell(cells, columns.memoryUsed));
    Double memoryTotal = number(cell(cells, columns.memoryTotal));
    return new GpuReading(i, uuid != null ? uuid : "gpu" + i, cell(cells, columns.name), cell(cells, columns.driverVersion),
        percent(cell(cells, columns.utilization)), percent(cell(cells, columns.memoryUtilization)),
        memoryUsed == null ? null : (long) (memoryUsed * MIB), memoryTotal == null ? null : (long) (memoryTotal * MIB),
        number(cell(cells, columns.power)), null, number(cell(cells, columns.temperature)), null);
  }

  private static String cell(String[] cells, int column) {
    return column < 0 ? null : value(cells[column]);
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
