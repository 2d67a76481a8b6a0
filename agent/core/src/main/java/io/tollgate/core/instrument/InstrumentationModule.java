package io.tollgate.core.instrument;

import java.util.List;

/**
 * One instrumented library (and minimum version). A module is applied whole to a class loader or
 * not at all: when any of its {@link #references()} is missing there, it is left out with one log
 * line, never half-applied.
 */
public interface InstrumentationModule {

  /** Folder-style name, e.g. {@code okhttp-3.0}. */
  String name();

  /**
   * What the module's advice and helpers need from the library: {@code type},
   * {@code type#method/argCount}, or {@code type#member} (a field or a method of any arity).
   */
  List<String> references();

  /** Classes injected into the instrumented class's loader (they implement the library's interfaces). */
  default List<String> helperClasses() {
    return List.of();
  }

  List<TypeAdvice> advice();
}
