package io.tollgate.core.budget;

import io.tollgate.core.budget.policy.BudgetSpec;
import io.tollgate.core.budget.policy.Limit;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The spend of one budget for one scope value ({@code per: team} gives one account per team). All
 * reads and writes happen under {@link #lock}; the engine takes the locks of every account a call
 * touches in {@link #order} order, so reservations are all-or-nothing without deadlock.
 *
 * <p>Calendar windows keep one total that resets at the boundary. Rolling windows keep a ring of
 * buckets; a bucket's spend counts until the whole bucket has left the window, so the window is at
 * most one bucket longer than stated, never shorter.
 */
final class Account {
  final BudgetSpec spec;
  final String key;
  final long order;
  final ReentrantLock lock = new ReentrantLock();
  /** {@code List.of(spec.name())}, kept so a call under one budget builds no list. */
  final java.util.List<String> nameList;
  private final ZoneId zone;
  private final long bucketMillis;
  private final long[] bucketIds;
  private final double[] bucketUsd;
  private final long[] bucketTokens;
  private final long[] bucketRequests;
  private long windowStart = Long.MIN_VALUE;
  private long windowEnd = Long.MIN_VALUE;
  private double reservedUsd;
  private long reservedTokens;
  private long reservedRequests;
  /** Set when a policy reload moved this account's state into a new one (under {@link #lock}). */
  private volatile Account replacedBy;
  /** Set when a policy reload carried or dropped this account (under {@link #lock}): a call that saw it decides again. */
  private volatile boolean retired;
  /** Highest alert threshold raised in the current window (percent), so each fires once per window. */
  private int alerted;

  Account(BudgetSpec spec, String key, long order, ZoneId zone) {
    this.spec = spec;
    this.key = key;
    this.order = order;
    this.zone = zone;
    this.nameList = java.util.List.of(spec.name());
    if (spec.window().rolling()) {
      bucketMillis = spec.window().bucket().toMillis();
      int buckets = (int) (spec.window().length().toMillis() / bucketMillis) + 1;
      bucketIds = new long[buckets];
      java.util.Arrays.fill(bucketIds, Long.MIN_VALUE);
      bucketUsd = new double[buckets];
      bucketTokens = new long[buckets];
      bucketRequests = new long[buckets];
    } else {
      bucketMillis = 0;
      bucketIds = new long[1];
      bucketUsd = new double[1];
      bucketTokens = new long[1];
      bucketRequests = new long[1];
    }
  }

  /** Spend settled in the window that contains {@code now}. Caller holds the lock. */
  Amount spent(long now) {
    if (!spec.window().rolling()) {
      roll(now);
      return new Amount(bucketUsd[0], bucketTokens[0], bucketRequests[0]);
    }
    long current = now / bucketMillis;
    long oldest = current - bucketIds.length + 1;
    double usd = 0;
    long tokens = 0;
    long requests = 0;
    for (int i = 0; i < bucketIds.length; i++) {
      if (bucketIds[i] >= oldest && bucketIds[i] <= current) {
        usd += bucketUsd[i];
        tokens += bucketTokens[i];
        requests += bucketRequests[i];
      }
    }
    return new Amount(usd, tokens, requests);
  }

  Amount reserved() {
    return new Amount(reservedUsd, reservedTokens, reservedRequests);
  }

  /** Whether {@code demand} fits beside what is spent and reserved. Caller holds the lock. */
  boolean fits(Amount demand, long now) {
    if (!spec.window().rolling()) {
      roll(now); // a calendar window's spend is its one bucket: read it in place, no Amount per call
      return fits(bucketUsd[0], bucketTokens[0], bucketRequests[0], demand);
    }
    Amount spent = spent(now);
    return fits(spent.usd(), spent.tokens(), spent.requests(), demand);
  }

  private boolean fits(double spentUsd, long spentTokens, long spentRequests, Amount demand) {
    Limit limit = spec.limit();
    return (limit.usd() == null || spentUsd + reservedUsd + demand.usd() <= limit.usd() + 1e-12)
        && (limit.tokens() == null || spentTokens + reservedTokens + demand.tokens() <= limit.tokens())
        && (limit.requests() == null || spentRequests + reservedRequests + demand.requests() <= limit.requests());
  }

  /** What is left of each limit ({@code +inf} / {@code Long.MAX_VALUE} for an unlimited unit). */
  Amount remaining(long now) {
    Limit limit = spec.limit();
    Amount spent = spent(now);
    return new Amount(
        limit.usd() == null ? Double.POSITIVE_INFINITY : limit.usd() - spent.usd() - reservedUsd,
        limit.tokens() == null ? Long.MAX_VALUE : limit.tokens() - spent.tokens() - reservedTokens,
        limit.requests() == null ? Long.MAX_VALUE : limit.requests() - spent.requests() - reservedRequests);
  }

  void reserve(Amount a) {
    reservedUsd += a.usd();
    reservedTokens += a.tokens();
    reservedRequests += a.requests();
  }

  void release(Amount a) {
    reservedUsd = Math.max(0, reservedUsd - a.usd());
    reservedTokens = Math.max(0, reservedTokens - a.tokens());
    reservedRequests = Math.max(0, reservedRequests - a.requests());
  }

  /** Adds settled spend at {@code at} (the reservation's time); spend from a window already gone is dropped. */
  void add(Amount a, long at, long now) {
    if (!spec.window().rolling()) {
      roll(now);
      if (at >= windowStart && at < windowEnd) {
        bucketUsd[0] += a.usd();
        bucketTokens[0] += a.tokens();
        bucketRequests[0] += a.requests();
      }
      return;
    }
    long id = at / bucketMillis;
    if (id <= now / bucketMillis - bucketIds.length) {
      return;
    }
    int slot = (int) Math.floorMod(id, (long) bucketIds.length);
    if (bucketIds[slot] != id) {
      bucketIds[slot] = id;
      bucketUsd[slot] = 0;
      bucketTokens[slot] = 0;
      bucketRequests[slot] = 0;
    }
    bucketUsd[slot] += a.usd();
    bucketTokens[slot] += a.tokens();
    bucketRequests[slot] += a.requests();
  }

  /** Highest utilization of any limit, in percent of the limit, counting settled spend only. */
  double utilization(long now) {
    if (!spec.window().rolling()) {
      roll(now);
      return utilization(bucketUsd[0], bucketTokens[0], bucketRequests[0]);
    }
    Amount spent = spent(now);
    return utilization(spent.usd(), spent.tokens(), spent.requests());
  }

  private double utilization(double usd, long tokens, long requests) {
    Limit limit = spec.limit();
    double u = 0;
    if (limit.usd() != null) {
      u = Math.max(u, usd / limit.usd());
    }
    if (limit.tokens() != null) {
      u = Math.max(u, (double) tokens / limit.tokens());
    }
    if (limit.requests() != null) {
      u = Math.max(u, (double) requests / limit.requests());
    }
    return u * 100;
  }

  /** The alert thresholds newly crossed by settled spend, highest last; each is returned once per window. */
  int crossedThreshold(long now) {
    double u = utilization(now);
    if (u < alerted) {
      // a rolling window's spend fell back: a threshold it drops under may fire again
      int still = 0;
      for (int t : spec.alerts()) {
        if (u >= t) {
          still = t;
        }
      }
      alerted = still;
    }
    int crossed = 0;
    for (int t : spec.alerts()) {
      if (u >= t && t > alerted) {
        crossed = t;
      }
    }
    if (crossed > 0) {
      alerted = crossed;
    }
    return crossed;
  }

  /** When the current window ends (calendar) or when the oldest spend leaves it (rolling). */
  Instant resetsAt(long now) {
    if (!spec.window().rolling()) {
      roll(now);
      return Instant.ofEpochMilli(windowEnd);
    }
    long current = now / bucketMillis;
    long oldest = Long.MAX_VALUE;
    for (int i = 0; i < bucketIds.length; i++) {
      if (bucketIds[i] > current - bucketIds.length && bucketIds[i] <= current && bucketIds[i] < oldest) {
        oldest = bucketIds[i];
      }
    }
    long first = oldest == Long.MAX_VALUE ? current : oldest;
    return Instant.ofEpochMilli((first + bucketIds.length) * bucketMillis);
  }

  private void roll(long now) {
    if (now >= windowStart && now < windowEnd) {
      return;
    }
    // each bound is its own date's first instant: a day whose midnight falls in a DST gap starts later
    // (01:00), yet the next day still starts at its own midnight
    LocalDate today = Instant.ofEpochMilli(now).atZone(zone).toLocalDate();
    LocalDate first;
    LocalDate next;
    switch (spec.window()) {
      case CALENDAR_DAY -> {
        first = today;
        next = today.plusDays(1);
      }
      case CALENDAR_MONTH -> {
        first = today.withDayOfMonth(1);
        next = first.plusMonths(1);
      }
      default -> throw new IllegalStateException(spec.window().toString());
    }
    boolean moved = windowStart != Long.MIN_VALUE && now >= windowEnd;
    windowStart = first.atStartOfDay(zone).toInstant().toEpochMilli();
    windowEnd = next.atStartOfDay(zone).toInstant().toEpochMilli();
    if (moved || bucketIds[0] != windowStart) {
      bucketIds[0] = windowStart;
      bucketUsd[0] = 0;
      bucketTokens[0] = 0;
      bucketRequests[0] = 0;
      alerted = 0;
    }
  }

  /**
   * A copy under a reloaded spec (and zone) holding this one's spend and reservations; this one is
   * retired. The copy keeps this one's lock order: a reservation made before the reload settles on the
   * copies in the order it was sorted in, the order a call admitted after the reload locks them in.
   */
  Account carryTo(BudgetSpec newSpec, ZoneId newZone, long now) {
    lock.lock();
    try {
      Account next = new Account(newSpec, key, order, newZone);
      if (newSpec.window() == spec.window() && (spec.window().rolling() || newZone.equals(zone))) {
        System.arraycopy(bucketIds, 0, next.bucketIds, 0, bucketIds.length);
        System.arraycopy(bucketUsd, 0, next.bucketUsd, 0, bucketUsd.length);
        System.arraycopy(bucketTokens, 0, next.bucketTokens, 0, bucketTokens.length);
        System.arraycopy(bucketRequests, 0, next.bucketRequests, 0, bucketRequests.length);
        next.windowStart = windowStart;
        next.windowEnd = windowEnd;
      } else {
        next.takeSpend(this, now);
      }
      next.reservedUsd = reservedUsd;
      next.reservedTokens = reservedTokens;
      next.reservedRequests = reservedRequests;
      next.alerted = alerted;
      replacedBy = next;
      retired = true;
      return next;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Another window, or a calendar window in another zone: the buckets do not map, so what {@code from}'s
   * window holds now counts as spent now, until this one's window lets it go (never less than was spent;
   * possibly longer). A calendar window also reaches back to {@code from}'s start, so a call in flight
   * since before the reload still counts when it settles.
   */
  private void takeSpend(Account from, long now) {
    Amount spent = from.spent(now);
    if (!spec.window().rolling()) {
      roll(now);
      long fromStart = from.spec.window().rolling() ? (now / from.bucketMillis - from.bucketIds.length + 1) * from.bucketMillis : from.windowStart;
      if (fromStart < windowStart) {
        windowStart = fromStart;
        bucketIds[0] = fromStart;
      }
    }
    add(spent, now, now);
  }

  /** Retires this account (a reload dropped its budget or changed its {@code per}); returns what it holds now, spent and in flight. */
  Amount retire(long now) {
    lock.lock();
    try {
      retired = true;
      return spent(now).plus(reserved());
    } finally {
      lock.unlock();
    }
  }

  boolean retired() {
    return retired;
  }

  /** The account that now holds this one's state (itself unless a reload replaced it). */
  Account current() {
    Account a = this;
    while (a.replacedBy != null) {
      a = a.replacedBy;
    }
    return a;
  }
}
