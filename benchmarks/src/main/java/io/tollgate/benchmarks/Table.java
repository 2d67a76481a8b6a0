package io.tollgate.benchmarks;

import java.util.ArrayList;
import java.util.List;

/** Rows of cells printed either aligned for a terminal or as a Markdown table; first column left-aligned. */
final class Table {
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... headers) {
    this.headers = List.of(headers);
  }

  Table row(String... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.length);
    }
    rows.add(List.of(cells));
    return this;
  }

  String toText() {
    int[] widths = new int[headers.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = headers.get(c).length();
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    appendText(out, headers, widths);
    int total = 0;
    for (int w : widths) {
      total += w + 2;
    }
    out.append("-".repeat(total - 2)).append('\n');
    rows.forEach(row -> appendText(out, row, widths));
    return out.toString();
  }

  String toMarkdown() {
    StringBuilder out = new StringBuilder();
    out.append("| ").append(String.join(" | ", headers)).append(" |\n|");
    for (int c = 0; c < headers.size(); c++) {
      out.append(c == 0 ? " --- |" : " ---: |");
    }
    out.append('\n');
    rows.forEach(row -> out.append("| ").append(String.join(" | ", row)).append(" |\n"));
    return out.toString();
  }

  private static void appendText(StringBuilder out, List<String> cells, int[] widths) {
    for (int c = 0; c < cells.size(); c++) {
      String cell = cells.get(c);
      String pad = " ".repeat(widths[c] - cell.length());
      out.append(c == 0 ? cell + pad : pad + cell).append(c + 1 < cells.size() ? "  " : "\n");
    }
  }
}
