package io.tollgate.agent;

import java.util.function.Supplier;

/** A value computed once, on first use, by whichever thread asks first. */
final class Memo<T> implements Supplier<T> {
  private final Supplier<T> factory;
  private volatile T value;

  private Memo(Supplier<T> factory) {
    this.factory = factory;
  }

  static <T> Memo<T> of(Supplier<T> factory) {
    return new Memo<>(factory);
  }

  @Override
  public T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          value = v = factory.get();
        }
      }
    }
    return v;
  }
}
