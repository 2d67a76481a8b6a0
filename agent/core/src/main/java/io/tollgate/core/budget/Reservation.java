package io.tollgate.core.budget;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A worst-case amount held on every budget a call touched. Exactly one of {@link #settle} and
 * {@link #release} takes effect; later calls are ignored, so a call recorded twice never pays twice.
 */
public final class Reservation {
  final String id;
  final Account[] accounts;
  final Amount amount;
  final long atMillis;
  private final BudgetEngine engine;
  private final AtomicBoolean closed = new AtomicBoolean();

  Reservation(String id, Account[] accounts, Amount amount, long atMillis, BudgetEngine engine) {
    this.id = id;
    this.accounts = accounts;
    this.amount = amount;
    this.atMillis = atMillis;
    this.engine = engine;
  }

  /** The call is over and cost {@code actual}: the reservation becomes spend. Returns the alerts raised. */
  public java.util.List<BudgetAlert> settle(Amount actual) {
    if (!closed.compareAndSet(false, true)) {
      return java.util.List.of();
    }
    return engine.settle(this, actual);
  }

  /** The call failed before the provider billed it: nothing is spent. */
  public void release() {
    if (closed.compareAndSet(false, true)) {
      engine.release(this);
    }
  }

  public Amount amount() {
    return amount;
  }

  public String id() {
    return id;
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
