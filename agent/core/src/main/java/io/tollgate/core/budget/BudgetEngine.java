package io.tollgate.core.budget;

import io.tollgate.core.budget.policy.Action;
import io.tollgate.core.budget.policy.BudgetSpec;
import io.tollgate.core.budget.policy.Policy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Decides, before a request is sent, whether every budget it falls under can pay for its worst case,
 * and reserves that worst case on all of them at once. Spend recorded on a budget therefore never
 * passes its limit, whatever the concurrency: a request is sent only while its worst case fits
 * beside everything settled and everything still in flight.
 */
public final class BudgetEngine {
  /** Output bound (and injected max tokens) for a request that set none when no guard says otherwise. */
  static final long DEFAULT_MAX_OUTPUT_TOKENS = 4096;
  /** Distinct {@code per} values tracked per budget; past this, new values share one account. */
  static final int MAX_ACCOUNTS_PER_BUDGET = 100_000;
  static final String OVERFLOW_KEY = "(other)";
  static final String MISSING_KEY = "(none)";

  private final Pricer pricer;
  private final LongSupplier clock;
  private final boolean failClosed;
  private final AtomicLong accountOrder = new AtomicLong();
  private final AtomicLong reservationIds = new AtomicLong();
  private final String idPrefix = Long.toString(System.currentTimeMillis(), 36) + "-";
  private volatile BudgetListener listener = BudgetListener.NONE;
  private volatile JournalSink journal = JournalSink.NONE;
  private volatile State state = new State(null, new BudgetAccounts[0]);
  /** Run by the first {@link #install}, before its policy is in force (guarded by this). */
  private Runnable firstPolicy;
  /** The state {@link #restore} fills while {@link #firstPolicy} runs (guarded by this). */
  private State restoring;

  /** The policy in force and its accounts: {@code budgets[i]} holds the accounts of {@code policy.budgets().get(i)}. */
  private record State(Policy policy, BudgetAccounts[] budgets) {}

  /** Spend a reload could not give to any one account: it counts, from {@code atMillis}, in every account made. */
  private record Seed(Amount amount, long atMillis) {}

  /** One budget's accounts: a shared one, or one per {@code per} value (a plain map lookup per call, no key building). */
  private static final class BudgetAccounts {
    final BudgetSpec spec;
    final Seed seed;
    final ConcurrentHashMap<String, Account> byKey = new ConcurrentHashMap<>();
    volatile Account shared;
    /** Set by a reload before it takes the accounts over: no account is made here after that (guarded by this). */
    boolean retired;

    BudgetAccounts(BudgetSpec spec, Seed seed) {
      this.spec = spec;
      this.seed = seed;
    }

    java.util.Collection<Account> all() {
      Account a = shared;
      return a == null ? byKey.values() : List.of(a);
    }
  }

  /** @param failClosed block every call while no valid policy is loaded */
  public BudgetEngine(Pricer pricer, LongSupplier clockMillis, boolean failClosed) {
    this.pricer = pricer;
    this.clock = clockMillis;
    this.failClosed = failClosed;
  }

  public void setListener(BudgetListener listener) {
    this.listener = listener;
  }

  public void setJournal(JournalSink journal) {
    this.journal = journal;
  }

  public Policy policy() {
    return state.policy();
  }

  /**
   * Replays spend (the journal) into the first policy put in force, before any call sees it: at
   * start-up, or later when the file was broken at start-up and is fixed.
   */
  public synchronized void onFirstPolicy(Runnable replay) {
    this.firstPolicy = replay;
  }

  /**
   * Puts a (re)loaded policy in force. A reload never forgets spend: a budget that keeps its name keeps
   * its spend and its calls in flight, whatever else changed ({@link Account#carryTo}); when its
   * {@code per} changed the old accounts map to no new one, so every new account starts with all they
   * held. A budget can only get stricter for a while, never looser.
   */
  public synchronized void install(Policy policy) {
    State old = state;
    long now = clock.getAsLong();
    Map<String, BudgetAccounts> before = new HashMap<>();
    for (BudgetAccounts b : old.budgets()) {
      synchronized (b) {
        b.retired = true; // every account made before is taken over below; a call that would make one later decides again
      }
      before.put(b.spec.name(), b);
    }
    BudgetAccounts[] budgets = new BudgetAccounts[policy.budgets().size()];
    for (int i = 0; i < budgets.length; i++) {
      BudgetSpec spec = policy.budgets().get(i);
      BudgetAccounts was = before.remove(spec.name());
      if (was == null) {
        budgets[i] = new BudgetAccounts(spec, null);
      } else if (!java.util.Objects.equals(spec.per(), was.spec.per())) {
        budgets[i] = new BudgetAccounts(spec, retire(was, now));
      } else {
        budgets[i] = new BudgetAccounts(spec, was.seed);
        if (was.shared != null) {
          budgets[i].shared = was.shared.carryTo(spec, policy.zone(), now);
        }
        for (Map.Entry<String, Account> e : was.byKey.entrySet()) {
          budgets[i].byKey.put(e.getKey(), e.getValue().carryTo(spec, policy.zone(), now));
        }
      }
    }
    for (BudgetAccounts gone : before.values()) {
      retire(gone, now);
    }
    State next = new State(policy, budgets);
    if (old.policy() == null && firstPolicy != null) {
      restoring = next;
      try {
        firstPolicy.run();
      } finally {
        restoring = null;
        firstPolicy = null;
      }
    }
    state = next;
  }

  /** Retires a budget's accounts; returns what they held now (spent and in flight), or the budget's own seed if it had none. */
  private static Seed retire(BudgetAccounts b, long now) {
    Amount held = null;
    for (Account a : b.all()) {
      Amount h = a.retire(now);
      held = held == null ? h : held.plus(h);
    }
    return held == null ? b.seed : new Seed(held, now);
  }

  public Admission admit(CallFacts facts) {
    for (;;) {
      Admission a = tryAdmit(facts);
      if (a != null) {
        return a;
      }
      synchronized (this) {
        // a reload retired an account this call saw: once install lets go of the monitor, its policy is in force
      }
    }
  }

  /** The call's admission, or null when a policy reload retired an account it saw (it must decide again). */
  private Admission tryAdmit(CallFacts facts) {
    State s = state;
    Policy policy = s.policy();
    if (policy == null) {
      if (!failClosed) {
        return Admission.NO_BUDGET;
      }
      Admission blocked = new Admission(Decision.BLOCK, null, null, null, List.of(), new Refusal("policy:unavailable", null, null, null, null,
          "no valid budget policy is loaded and tollgate.policy.fail-closed=true blocks every LLM call"));
      listener.blocked(facts, blocked);
      return blocked;
    }
    Long maxOut = facts.maxOutputTokens();
    Long setMaxOut = null;
    Long guardOut = policy.guards().maxOutputTokens();
    if (guardOut != null && (maxOut == null || maxOut > guardOut)) {
      maxOut = guardOut;
      setMaxOut = guardOut;
    }
    Account[] accounts = matching(s, facts.attributes());
    if (accounts == null) {
      return null;
    }
    boolean costGuard = policy.guards().maxCostPerRequestUsd() != null;
    if (accounts.length == 0 && !costGuard) {
      return setMaxOut == null ? Admission.NO_BUDGET : new Admission(Decision.ALLOW, null, setMaxOut, null, List.of(), null);
    }
    if (maxOut == null) {
      if (costGuard || limitsSpend(accounts)) {
        // the worst case needs an output bound: the request gets one
        maxOut = DEFAULT_MAX_OUTPUT_TOKENS;
        setMaxOut = maxOut;
      } else {
        // request counts alone do not depend on the answer's length: the request goes as the application wrote it
        maxOut = 0L;
      }
    }
    // every answer asked for (n > 1) may run to the bound: the worst case is their sum
    long allOut = maxOut * facts.choices();
    Admission a = decide(policy, facts, accounts, demand(facts, facts.model(), facts.inputTokensBound(), allOut), setMaxOut);
    if (a == null) {
      return null;
    }
    if (a.decision() != Decision.ALLOW && a.decision() != Decision.OVER_ALERT_ONLY && facts.exactInputTokens() != null
        && inputCanMatter(policy, facts, accounts, allOut)) {
      // the cheap bound changed the decision: count the prompt exactly and decide again
      long exact = facts.exactInputTokens().getAsLong();
      if (exact < facts.inputTokensBound()) {
        if (a.reservation() != null) {
          a.reservation().release();
        }
        Admission exactly = decide(policy, facts, accounts, demand(facts, facts.model(), exact, allOut), setMaxOut);
        if (exactly == null) {
          return null;
        }
        a = exactly;
      }
    }
    if (a.blocked()) {
      listener.blocked(facts, a);
    } else if (a.decision() != Decision.ALLOW) {
      listener.changed(facts, a);
    }
    return a;
  }

  /** Whether any of these budgets limits USD or tokens, which an answer of unbounded length could overshoot. */
  private static boolean limitsSpend(Account[] accounts) {
    for (Account a : accounts) {
      if (a.spec.limit().usd() != null || a.spec.limit().tokens() != null) {
        return true;
      }
    }
    return false;
  }

  /** Whether a smaller prompt could change the decision: not when even an empty one would be refused (a request limit). */
  private boolean inputCanMatter(Policy policy, CallFacts facts, Account[] accounts, long maxOut) {
    Demand empty = demand(facts, facts.model(), 0, maxOut);
    lockAll(accounts);
    try {
      long now = clock.getAsLong();
      for (Account a : accounts) {
        if (a.spec.action() != Action.ALERT_ONLY && !a.fits(empty.amount(), now)) {
          return a.spec.action() == Action.DOWNGRADE || a.spec.action() == Action.CLAMP;
        }
      }
      return true;
    } finally {
      unlockAll(accounts);
    }
  }

  private Admission decide(Policy policy, CallFacts facts, Account[] accounts, Demand demand, Long setMaxOut) {
    List<String> names = names(accounts);
    Double maxCost = policy.guards().maxCostPerRequestUsd();
    if (maxCost != null && demand.priced() && demand.usd() > maxCost) {
      return block(names, new Refusal("guard:max-cost-per-request", null, usd(maxCost), usd(demand.usd()) + " (this request's worst case)",
          null, "the request's worst-case cost is above the policy's max cost per request"));
    }
    if (!demand.priced() && policy.blockUnpriced()) {
      for (Account a : accounts) {
        if (a.spec.limit().usd() != null) {
          return block(names, new Refusal(a.spec.name(), scopeValue(a), null, null, null,
              "model '" + facts.model() + "' has no price in the catalog, so a USD budget cannot bound it (policy: unpriced: block)"));
        }
      }
    }
    Map<String, Demand> downgrades = downgradeDemands(facts, accounts, demand);
    lockAll(accounts);
    try {
      for (Account a : accounts) {
        if (a.retired()) {
          return null;
        }
      }
      long now = clock.getAsLong();
      Amount worst = demand.amount();
      List<Account> failing = failing(accounts, worst, now);
      if (failing.isEmpty()) {
        return reserve(accounts, worst, now, Decision.ALLOW, setMaxOut, null, names);
      }
      Account first = failing.get(0);
      List<Account> enforcing = new ArrayList<>();
      for (Account a : failing) {
        if (a.spec.action() == Action.BLOCK) {
          return block(names, refusal(a, worst, now));
        }
        if (a.spec.action() != Action.ALERT_ONLY) {
          enforcing.add(a);
        }
      }
      if (enforcing.isEmpty()) {
        return reserve(accounts, worst, now, Decision.OVER_ALERT_ONLY, setMaxOut, null, names);
      }
      Action action = enforcing.get(0).spec.action();
      for (Account a : enforcing) {
        if (a.spec.action() != action || action == Action.DOWNGRADE && !a.spec.downgradeTo().equals(enforcing.get(0).spec.downgradeTo())) {
          return block(names, refusal(a, worst, now));
        }
      }
      if (action == Action.DOWNGRADE) {
        Demand cheaper = downgrades.get(enforcing.get(0).spec.downgradeTo());
        if (cheaper != null && cheaper.priced() && failingEnforced(accounts, cheaper.amount(), now).isEmpty()) {
          return reserve(accounts, cheaper.amount(), now, Decision.DOWNGRADE, setMaxOut, cheaper.model(), names);
        }
        return block(names, refusal(first, worst, now));
      }
      long fits = Long.MAX_VALUE;
      for (Account a : accounts) {
        if (a.spec.action() != Action.ALERT_ONLY) {
          fits = Math.min(fits, demand.outputThatFits(a.remaining(now)));
        }
      }
      // the request's bound is per answer: each of its n answers gets an equal share of what fits
      long perChoice = fits == Long.MAX_VALUE ? fits : fits / facts.choices();
      if (perChoice >= 1 && perChoice * facts.choices() < demand.outputTokens()) {
        // a shorter answer helps USD and token limits only: the clamped request must fit every limit
        Amount clamped = demand.withOutput(perChoice * facts.choices()).amount();
        List<Account> still = failingEnforced(accounts, clamped, now);
        if (still.isEmpty()) {
          return reserve(accounts, clamped, now, Decision.CLAMP, perChoice, null, names);
        }
        return block(names, refusal(still.get(0), clamped, now));
      }
      return block(names, refusal(first, worst, now));
    } finally {
      unlockAll(accounts);
    }
  }

  private Admission reserve(Account[] accounts, Amount amount, long now, Decision decision, Long maxOut, String model, List<String> names) {
    for (Account a : accounts) {
      a.reserve(amount);
    }
    Reservation r = new Reservation(idPrefix, reservationIds.incrementAndGet(), accounts, amount, now, this);
    journal.reserved(r);
    return new Admission(decision, r, maxOut, model, names, null);
  }

  List<BudgetAlert> settle(Reservation r, Amount actual) {
    Account[] accounts = current(r.accounts);
    List<BudgetAlert> alerts = List.of();
    lockAll(accounts);
    try {
      long now = clock.getAsLong();
      for (Account a : accounts) {
        a.release(r.amount);
        a.add(actual, r.atMillis, now);
        int crossed = a.crossedThreshold(now);
        if (crossed > 0) {
          if (alerts.isEmpty()) {
            alerts = new ArrayList<>(2);
          }
          alerts.add(new BudgetAlert(a.spec.name(), scopeValue(a), crossed, a.utilization(now)));
        }
      }
    } finally {
      unlockAll(accounts);
    }
    journal.settled(r, actual);
    for (BudgetAlert alert : alerts) {
      listener.alerted(alert);
    }
    return alerts;
  }

  void release(Reservation r) {
    Account[] accounts = current(r.accounts);
    lockAll(accounts);
    try {
      for (Account a : accounts) {
        a.release(r.amount);
      }
    } finally {
      unlockAll(accounts);
    }
    journal.released(r);
  }

  /** Spend replayed from the journal: counted where its window is still open. */
  public synchronized void restore(String budget, String key, Amount amount, long atMillis) {
    State s = restoring != null ? restoring : state;
    for (BudgetAccounts b : s.budgets()) {
      if (b.spec.name().equals(budget)) {
        Account a = account(s, b, key); // not null: install, which retires budgets, holds this monitor too
        a.lock.lock();
        try {
          a.add(amount, atMillis, clock.getAsLong());
        } finally {
          a.lock.unlock();
        }
      }
    }
  }

  /** Every account's state now, for metrics, the exit summary and the {@code budgets} command. */
  public List<BudgetState> states() {
    State s = state;
    List<BudgetState> out = new ArrayList<>();
    long now = clock.getAsLong();
    for (BudgetAccounts b : s.budgets()) {
      for (Account a : b.all()) {
        a.lock.lock();
        try {
          out.add(new BudgetState(a.spec, scopeValue(a), a.spent(now), a.reserved(), a.utilization(now), a.resetsAt(now)));
        } finally {
          a.lock.unlock();
        }
      }
    }
    out.sort(Comparator.comparing((BudgetState b) -> b.spec().name()).thenComparing(b -> String.valueOf(b.scopeValue())));
    return out;
  }

  /** The call's accounts in lock order, or null when a reload retired their budgets meanwhile. */
  private Account[] matching(State s, Map<String, String> attributes) {
    BudgetAccounts[] budgets = s.budgets();
    Account[] found = new Account[budgets.length];
    int n = 0;
    for (BudgetAccounts b : budgets) {
      if (inScope(b.spec, attributes)) {
        Account a = account(s, b, b.spec.per() == null ? "" : attributes.getOrDefault(b.spec.per(), MISSING_KEY));
        if (a == null) {
          return null;
        }
        found[n++] = a;
      }
    }
    Account[] out = n == found.length ? found : Arrays.copyOf(found, n);
    if (out.length > 1) {
      Arrays.sort(out, Comparator.comparingLong(a -> a.order));
    }
    return out;
  }

  /** The account for {@code key}, or null when a reload retired the budget's accounts meanwhile. */
  private Account account(State s, BudgetAccounts b, String key) {
    Account a = key.isEmpty() ? b.shared : b.byKey.get(key);
    return a != null ? a : newAccount(s, b, key);
  }

  /** Under the budget's monitor, which a reload takes before it takes the accounts over: none is made after that. */
  private Account newAccount(State s, BudgetAccounts b, String key) {
    synchronized (b) {
      if (b.retired) {
        return null;
      }
      if (key.isEmpty()) {
        if (b.shared == null) {
          b.shared = create(s, b, "");
        }
        return b.shared;
      }
      String k = b.byKey.size() >= MAX_ACCOUNTS_PER_BUDGET ? OVERFLOW_KEY : key;
      return b.byKey.computeIfAbsent(k, x -> create(s, b, x));
    }
  }

  private Account create(State s, BudgetAccounts b, String key) {
    Account a = new Account(b.spec, key, accountOrder.incrementAndGet(), s.policy().zone());
    if (b.seed != null) {
      a.add(b.seed.amount(), b.seed.atMillis(), clock.getAsLong()); // counted while its window lasts
    }
    return a;
  }

  private static boolean inScope(BudgetSpec spec, Map<String, String> attributes) {
    for (Map.Entry<String, Set<String>> e : spec.scope().entrySet()) {
      String value = attributes.get(e.getKey());
      if (value == null || !(e.getValue().contains(value) || e.getValue().contains("*"))) {
        return false;
      }
    }
    return true;
  }

  private Demand demand(CallFacts facts, String model, long inputTokens, long outputTokens) {
    if (facts.selfHosted()) {
      return new Demand(model, inputTokens, outputTokens, 0, 0);
    }
    double[] rates = model == null ? null : pricer.ratesPerToken(facts.pricingFamily(), model, inputTokens);
    if (rates == null) {
      return new Demand(model, inputTokens, outputTokens, Double.NaN, Double.NaN);
    }
    return new Demand(model, inputTokens, outputTokens, inputTokens * rates[0], rates[1]);
  }

  private Map<String, Demand> downgradeDemands(CallFacts facts, Account[] accounts, Demand demand) {
    Map<String, Demand> out = null;
    for (Account a : accounts) {
      if (a.spec.action() == Action.DOWNGRADE) {
        if (out == null) {
          out = new HashMap<>(2);
        }
        out.computeIfAbsent(a.spec.downgradeTo(), m -> demand(facts, m, demand.inputTokens(), demand.outputTokens()));
      }
    }
    return out == null ? Map.of() : out;
  }

  private static List<Account> failing(Account[] accounts, Amount amount, long now) {
    List<Account> out = List.of();
    for (Account a : accounts) {
      if (!a.fits(amount, now)) {
        if (out.isEmpty()) {
          out = new ArrayList<>(2);
        }
        out.add(a);
      }
    }
    return out;
  }

  private static List<Account> failingEnforced(Account[] accounts, Amount amount, long now) {
    List<Account> out = new ArrayList<>();
    for (Account a : failing(accounts, amount, now)) {
      if (a.spec.action() != Action.ALERT_ONLY) {
        out.add(a);
      }
    }
    return out;
  }

  private Refusal refusal(Account a, Amount demand, long now) {
    Amount spent = a.spent(now);
    Amount reserved = a.reserved();
    var limit = a.spec.limit();
    String limitText;
    String spentText;
    String reason;
    if (limit.usd() != null && spent.usd() + reserved.usd() + demand.usd() > limit.usd() + 1e-12) {
      limitText = usd(limit.usd());
      spentText = usd(spent.usd()) + (reserved.usd() > 0 ? " + " + usd(reserved.usd()) + " in flight" : "");
      reason = "this request's worst case of " + usd(demand.usd()) + " does not fit";
    } else if (limit.tokens() != null && spent.tokens() + reserved.tokens() + demand.tokens() > limit.tokens()) {
      limitText = limit.tokens() + " tokens";
      spentText = spent.tokens() + " tokens" + (reserved.tokens() > 0 ? " + " + reserved.tokens() + " in flight" : "");
      reason = "this request's worst case of " + demand.tokens() + " tokens does not fit";
    } else {
      limitText = limit.requests() + " requests";
      spentText = spent.requests() + " requests" + (reserved.requests() > 0 ? " + " + reserved.requests() + " in flight" : "");
      reason = "the request limit is reached";
    }
    return new Refusal(a.spec.name(), scopeValue(a), limitText, spentText, a.resetsAt(now), reason);
  }

  private static Admission block(List<String> names, Refusal refusal) {
    return new Admission(Decision.BLOCK, null, null, null, names, refusal);
  }

  private static List<String> names(Account[] accounts) {
    if (accounts.length == 0) {
      return List.of();
    }
    if (accounts.length == 1) {
      return accounts[0].nameList;
    }
    String[] names = new String[accounts.length];
    for (int i = 0; i < accounts.length; i++) {
      names[i] = accounts[i].spec.name();
    }
    return List.of(names);
  }

  static String scopeValue(Account a) {
    return a.key.isEmpty() ? null : a.key;
  }

  static String usd(double v) {
    String s = String.format(Locale.ROOT, "%.6f", v).replaceAll("0+$", "");
    int decimals = s.length() - s.indexOf('.') - 1;
    return "$" + (decimals < 2 ? s + "00".substring(decimals) : s);
  }

  private static Account[] current(Account[] accounts) {
    Account[] out = accounts;
    for (int i = 0; i < accounts.length; i++) {
      Account now = accounts[i].current();
      if (now != accounts[i]) {
        if (out == accounts) {
          out = accounts.clone();
        }
        out[i] = now;
      }
    }
    return out;
  }

  private static void lockAll(Account[] accounts) {
    for (Account a : accounts) {
      a.lock.lock();
    }
  }

  private static void unlockAll(Account[] accounts) {
    for (int i = accounts.length - 1; i >= 0; i--) {
      accounts[i].lock.unlock();
    }
  }
}
