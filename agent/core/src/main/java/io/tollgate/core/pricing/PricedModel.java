package io.tollgate.core.pricing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** One catalog entry: a model, its names, and its price periods in effective-date order. */
final class PricedModel {

  private final String providerFamily;
  private final String id;
  private final List<String> aliases;
  private final List<ModelPrice> periods;
  // period start instants, kept beside the periods so a lookup allocates nothing
  private final Instant[] starts;

  PricedModel(String providerFamily, String id, List<String> aliases, List<ModelPrice> periods) {
    this.providerFamily = providerFamily;
    this.id = id;
    this.aliases = List.copyOf(aliases);
    this.periods = List.copyOf(periods);
    this.starts = new Instant[periods.size()];
    for (int i = 0; i < starts.length; i++) {
      starts[i] = periods.get(i).effective().atStartOfDay(ZoneOffset.UTC).toInstant();
    }
  }

  String providerFamily() {
    return providerFamily;
  }

  String id() {
    return id;
  }

  List<String> aliases() {
    return aliases;
  }

  List<ModelPrice> periods() {
    return periods;
  }

  /** The latest period that started at or before {@code at}; empty before the first one. */
  Optional<ModelPrice> priceAt(Instant at) {
    for (int i = starts.length - 1; i >= 0; i--) {
      if (!starts[i].isAfter(at)) {
        return Optional.of(periods.get(i));
      }
    }
    return Optional.empty();
  }
}
