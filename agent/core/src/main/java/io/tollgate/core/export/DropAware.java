package io.tollgate.core.export;

/** A queued record that must know when the queue drops it (its budget reservations must still end). */
public interface DropAware {
  void dropped();
}
