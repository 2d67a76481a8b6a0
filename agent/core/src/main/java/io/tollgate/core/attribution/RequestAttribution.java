package io.tollgate.core.attribution;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * The attributes of the call the current thread is making: scopes set with the {@code tollgate-api}
 * ({@code Tollgate.with("team", "search")}), then the SLF4J MDC keys and OpenTelemetry Baggage keys
 * named in configuration. Read on the application's thread when a call starts. The application's
 * SLF4J and OpenTelemetry are reached through its context class loader, never bundled.
 */
public final class RequestAttribution {
  /**
   * The application's own Baggage type. Built at run time: the agent jar relocates every
   * {@code io.opentelemetry} name it finds in a constant, which would point this at our private copy.
   */
  private static final String APPLICATION_BAGGAGE = String.join(".", "io", "opentelemetry", "api", "baggage", "Baggage");

  private final List<String> mdcKeys;
  private final List<String> baggageKeys;
  private final Map<ClassLoader, Optional<Method>> mdcGet = new WeakHashMap<>();
  private final Map<ClassLoader, Optional<Method[]>> baggage = new WeakHashMap<>();

  public RequestAttribution(List<String> mdcKeys, List<String> baggageKeys) {
    this.mdcKeys = List.copyOf(mdcKeys);
    this.baggageKeys = List.copyOf(baggageKeys);
  }

  /** This thread's attributes now; empty (and allocation-free) when none are set. */
  public Map<String, String> capture() {
    Map<String, String> scoped = io.tollgate.api.Tollgate.currentAttributes();
    if (mdcKeys.isEmpty() && baggageKeys.isEmpty()) {
      return scoped;
    }
    Map<String, String> out = null;
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (!mdcKeys.isEmpty()) {
      Method get = mdcGet(loader);
      if (get != null) {
        for (String key : mdcKeys) {
          out = put(out, key, invoke(get, null, key));
        }
      }
    }
    if (!baggageKeys.isEmpty()) {
      Method[] methods = baggage(loader);
      if (methods != null) {
        Object current = invoke(methods[0], null);
        for (String key : baggageKeys) {
          out = put(out, key, current == null ? null : invoke(methods[1], current, key));
        }
      }
    }
    if (out == null) {
      return scoped;
    }
    out.putAll(scoped); // an explicit scope wins over MDC and baggage
    return out;
  }

  private static Map<String, String> put(Map<String, String> out, String key, Object value) {
    if (value == null) {
      return out;
    }
    Map<String, String> m = out == null ? new LinkedHashMap<>() : out;
    m.put(key, value.toString());
    return m;
  }

  private synchronized Method mdcGet(ClassLoader loader) {
    return mdcGet.computeIfAbsent(loader, l -> {
      try {
        return Optional.of(Class.forName("org.slf4j.MDC", false, l).getMethod("get", String.class));
      } catch (ReflectiveOperationException | LinkageError e) {
        return Optional.empty();
      }
    }).orElse(null);
  }

  private synchronized Method[] baggage(ClassLoader loader) {
    return baggage.computeIfAbsent(loader, l -> {
      try {
        Class<?> type = Class.forName(APPLICATION_BAGGAGE, false, l);
        return Optional.of(new Method[] {type.getMethod("current"), type.getMethod("getEntryValue", String.class)});
      } catch (ReflectiveOperationException | LinkageError e) {
        return Optional.empty();
      }
    }).orElse(null);
  }

  private static Object invoke(Method m, Object target, Object... args) {
    try {
      return m.invoke(target, args);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
