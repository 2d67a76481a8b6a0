package io.tollgate.core.budget;


/**
 * A worst-case amount held on every budget a call touched. Exactly one of {@link #settle} and
 * {@link #release} takes effect; later calls are ignored, so a call recorded twice never pays twice.
 */
public final class Reservation {
  private final String idPrefix;
  private final long seq;
  final Account[] accounts;
  final Amount amount;
  final long atMillis;
  private final BudgetEngine engine;
  private static final java.util.concurrent.atomic.AtomicIntegerFieldUpdater<Reservation> CLOSED =
      java.util.concurrent.atomic.AtomicIntegerFieldUpdater.newUpdater(Reservation.class, "closed");
  private volatile int closed;

  Reservation(String idPrefix, long seq, Account[] accounts, Amount amount, long atMillis, BudgetEngine engine) {
    this.idPrefix = idPrefix;
    this.seq = seq;
    this.accounts = accounts;
    this.amount = amount;
    this.atMillis = atMillis;
    this.engine = engine;
  }

  /** The call is over and cost {@code actual}: the reservation becomes spend. Returns the alerts raised. */
  public java.util.List<BudgetAlert> settle(Amount actual) {
    if (!CLOSED.compareAndSet(this, 0, 1)) {
      return java.util.List.of();
    }
    return engine.settle(this, actual);
  }

  /** The call failed before the provider billed it: nothing is spent. */
  public void release() {
    if (CLOSED.compareAndSet(this, 0, 1)) {
      engine.release(this);
    }
  }

  public Amount amount() {
    return amount;
  }

  /** Unique across restarts (the engine's start time, then a sequence); built only when journaled. */
  public String id() {
    return idPrefix + Long.toString(seq, 36);
  }

  public long atMillis() {
    return atMillis;
  }

  /** {budget name, scope key} of each account held, as the journal names them. */
  public java.util.List<String[]> accountNames() {
    java.util.List<String[]> out = new java.util.ArrayList<>(accounts.length);
    for (Account a : accounts) {
      out.add(new String[] {a.spec.name(), a.key});
    }
    return out;
  }
}
