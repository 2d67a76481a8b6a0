package io.tollgate.core.budget;

/** Hears the engine's decisions (the audit log, metrics). Called on the deciding thread; must not block. */
public interface BudgetListener {
  default void blocked(CallFacts facts, Admission admission) {}

  default void changed(CallFacts facts, Admission admission) {}

  default void alerted(BudgetAlert alert) {}

  BudgetListener NONE = new BudgetListener() {};
}
