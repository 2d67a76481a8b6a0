package io.tollgate.core.budget;

/** Where the engine writes reservations and their ends so spend survives a restart. */
public interface JournalSink {
  void reserved(Reservation r);

  void settled(Reservation r, Amount actual);

  void released(Reservation r);

  JournalSink NONE = new JournalSink() {
    @Override public void reserved(Reservation r) {}
    @Override public void settled(Reservation r, Amount actual) {}
    @Override public void released(Reservation r) {}
  };
}
