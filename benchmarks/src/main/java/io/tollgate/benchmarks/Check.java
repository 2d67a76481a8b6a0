package io.tollgate.benchmarks;

/** One pass/fail statement the benchmark makes about its run. */
public record Check(String statement, boolean holds, String evidence) {

  String toText() {
    return (holds ? "[PASS] " : "[FAIL] ") + statement + ": " + evidence;
  }

  String toMarkdown() {
    return "- " + (holds ? "**PASS**" : "**FAIL**") + " " + statement + ": " + evidence;
  }
}
