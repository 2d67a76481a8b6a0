package io.tollgate.core.provider;

import io.tollgate.core.config.AgentConfig;
import io.tollgate.core.config.ConfigException;
import io.tollgate.core.wire.Operation;
import io.tollgate.core.wire.WireFormat;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides whether a URL is an LLM call. Every HTTP request the process makes passes here, so the
 * miss path is one host extraction and one hash lookup.
 */
public final class ProviderMatcher {
  private static final String AZURE_SUFFIX = ".openai.azure.com";
  /** Vertex AI's regional hosts ({@code us-central1-aiplatform.googleapis.com}). */
  private static final String VERTEX_SUFFIX = "-aiplatform.googleapis.com";
  /** Provider names recorded for configured base URLs of a built-in format, when {@code .name} is not set. */
  private static final Map<String, String> DEFAULT_NAMES = Map.of("gemini", "gcp.gemini");

  /** An application calls the same few endpoint URLs again and again: their answers, by URL. */
  private static final int MAX_HITS = 256;

  private final Map<String, Hit> hits = new ConcurrentHashMap<>();
  private final Map<String, List<Route>> routesByHostPort;
  private final String[] hosts;
  private final WireFormat azureFormat;
  /** The route for any regional Vertex AI host, or null without the Gemini format. */
  private final List<Route> vertexRoutes;

  private ProviderMatcher(Map<String, List<Route>> routesByHostPort, WireFormat azureFormat, WireFormat vertexFormat) {
    this.routesByHostPort = routesByHostPort;
    this.hosts = routesByHostPort.keySet().stream().map(ProviderMatcher::host).distinct().toArray(String[]::new);
    this.azureFormat = azureFormat;
    this.vertexRoutes = vertexFormat == null ? null : List.of(new Route(null, "", "gcp.vertex_ai", vertexFormat, false, false));
  }

  /**
   * The built-in endpoints plus configured ones: {@code providers.<id>.base-urls} (comma-separated),
   * {@code providers.<id>.format} (defaults to the id when it names a known format),
   * {@code providers.<id>.name} (the provider name recorded; defaults to the id) and
   * {@code providers.<id>.self-hosted} (a server the user runs, whose calls the catalog does not price).
   */
  public static ProviderMatcher create(AgentConfig config, Map<String, WireFormat> formats) {
    Map<String, List<Route>> routes = new HashMap<>();
    // configured servers (gateways, self-hosted models) may record their side of a call: link it to ours
    String propagate = config.get("trace.propagate", "configured");
    if (!List.of("configured", "all", "none").contains(propagate)) {
      throw new ConfigException("tollgate.trace.propagate: '" + propagate + "' is not one of configured, all, none");
    }
    boolean builtInTrace = propagate.equals("all");
    boolean configuredTrace = !propagate.equals("none");
    WireFormat openai = formats.get("openai");
    WireFormat anthropic = formats.get("anthropic");
    if (openai != null) {
      add(routes, new Route("api.openai.com:443", "/v1", "openai", openai, builtInTrace, false));
    }
    if (anthropic != null) {
      add(routes, new Route("api.anthropic.com:443", "/v1", "anthropic", anthropic, builtInTrace, false));
    }
    WireFormat gemini = formats.get("gemini");
    if (gemini != null) {
      add(routes, new Route("generativelanguage.googleapis.com:443", "", "gcp.gemini", gemini, builtInTrace, false));
      add(routes, new Route("aiplatform.googleapis.com:443", "", "gcp.vertex_ai", gemini, builtInTrace, false));
    }
    Map<String, String> providers = config.withPrefix("providers");
    for (String id : sectionIds(providers)) {
      String section = "providers." + id;
      String formatId = config.get(section + ".format", id);
      WireFormat format = formats.get(formatId);
      if (format == null) {
        throw new ConfigException("tollgate.providers." + id + ": unknown wire format '" + formatId
            + "' (known: " + formats.keySet() + "); set tollgate.providers." + id + ".format");
      }
      String name = config.get(section + ".name", DEFAULT_NAMES.getOrDefault(id, id));
      boolean selfHosted = config.getBoolean(section + ".self-hosted", false);
      for (String baseUrl : config.getList(section + ".base-urls")) {
        URI uri = parse(baseUrl, id);
        String path = uri.getPath() == null ? "" : stripTrailingSlash(uri.getPath());
        add(routes, new Route(hostPort(uri.getHost(), uri.getPort(), uri.getScheme()), path, name, format, configuredTrace, selfHosted));
      }
    }
    routes.values().forEach(list -> list.sort((a, b) -> b.basePath.length() - a.basePath.length()));
    return new ProviderMatcher(routes, openai, gemini);
  }

  private static List<String> sectionIds(Map<String, String> providers) {
    List<String> ids = new ArrayList<>();
    for (String key : providers.keySet()) {
      int dot = key.indexOf('.');
      if (dot > 0 && !ids.contains(key.substring(0, dot))) {
        ids.add(key.substring(0, dot));
      }
    }
    return ids;
  }

  private static URI parse(String baseUrl, String id) {
    try {
      URI uri = URI.create(baseUrl);
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("no host");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new ConfigException("tollgate.providers." + id + ".base-urls: '" + baseUrl + "' is not a URL (" + e.getMessage() + ")", e);
    }
  }

  private static void add(Map<String, List<Route>> routes, Route route) {
    routes.computeIfAbsent(route.hostPort, k -> new ArrayList<>()).add(route);
  }

  /** Returns the endpoint for an LLM request, or null for any other traffic. */
  public ProviderEndpoint match(String method, String url) {
    int schemeEnd = url.indexOf("://");
    if (schemeEnd < 0) {
      return null;
    }
    int hostStart = schemeEnd + 3;
    int pathStart = url.indexOf('/', hostStart);
    if (pathStart < 0) {
      pathStart = url.length();
    }
    if (!mayBeProviderHost(url, hostStart, pathStart)) {
      return null; // the common case: no allocation
    }
    // the answer depends on the URL before its query, which may carry a credential (Gemini's ?key=): that part
    // is the key, so Azure's ?api-version= and Gemini's ?alt=sse calls are remembered and no credential is kept
    int queryAt = url.indexOf('?', pathStart);
    String key = queryAt < 0 ? url : url.substring(0, queryAt);
    Hit hit = hits.get(key);
    if (hit != null && hit.method.equals(method)) {
      return hit.endpoint;
    }
    ProviderEndpoint endpoint = matchProviderHost(method, url, hostStart, pathStart);
    // a URL with user info (user:password@host) carries a credential before its query: not kept either
    if (endpoint != null && hits.size() < MAX_HITS && url.lastIndexOf('@', pathStart - 1) < hostStart) {
      hits.put(key, new Hit(method, endpoint));
    }
    return endpoint;
  }

  /** How many URLs' answers are kept. */
  int rememberedUrls() {
    return hits.size();
  }

  private ProviderEndpoint matchProviderHost(String method, String url, int hostStart, int pathStart) {
    String authority = url.substring(hostStart, pathStart);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1);
    }
    String hostPort = authority.indexOf(':') >= 0 && !authority.endsWith("]")
        ? authority.toLowerCase(Locale.ROOT)
        : authority.toLowerCase(Locale.ROOT) + (url.startsWith("https") ? ":443" : ":80");
    List<Route> candidates = routesByHostPort.get(hostPort);
    if (candidates == null && vertexRoutes != null && host(hostPort).endsWith(VERTEX_SUFFIX)) {
      candidates = vertexRoutes;
    }
    if (candidates == null) {
      return hostPort.contains(AZURE_SUFFIX) ? matchAzure(method, url, hostPort, pathStart) : null;
    }
    String path = pathOf(url, pathStart);
    for (Route route : candidates) {
      if (path.startsWith(route.basePath)
          && (path.length() == route.basePath.length() || path.charAt(route.basePath.length()) == '/')) {
        String relative = path.substring(route.basePath.length());
        Operation op = route.format.operation(method, relative);
        if (op != null) {
          // several formats may share one base URL (a gateway): the first that knows the path wins
          return new ProviderEndpoint(route.providerName, route.format, host(hostPort), port(hostPort), op,
              route.format.modelFromPath(relative), route.propagatesTrace, route.selfHosted);
        }
      }
    }
    return null;
  }

  private boolean mayBeProviderHost(String url, int hostStart, int authorityEnd) {
    int at = url.indexOf('@', hostStart);
    if (at >= 0 && at < authorityEnd) {
      return true; // user info before the host: let the full parse decide
    }
    for (String host : hosts) {
      int end = hostStart + host.length();
      if (end <= authorityEnd && url.regionMatches(true, hostStart, host, 0, host.length())
          && (end == authorityEnd || url.charAt(end) == ':')) {
        return true;
      }
    }
    int colon = url.indexOf(':', hostStart);
    int hostEnd = colon >= 0 && colon < authorityEnd ? colon : authorityEnd;
    return azureFormat != null && hostEndsWith(url, hostStart, hostEnd, AZURE_SUFFIX)
        || vertexRoutes != null && hostEndsWith(url, hostStart, hostEnd, VERTEX_SUFFIX);
  }

  private static boolean hostEndsWith(String url, int hostStart, int hostEnd, String suffix) {
    return hostEnd - hostStart > suffix.length()
        && url.regionMatches(true, hostEnd - suffix.length(), suffix, 0, suffix.length());
  }

  /** Azure OpenAI: /openai/deployments/{deployment}/..., or the v1 path /openai/v1/... */
  private ProviderEndpoint matchAzure(String method, String url, String hostPort, int pathStart) {
    if (azureFormat == null || !host(hostPort).endsWith(AZURE_SUFFIX)) {
      return null;
    }
    String path = pathOf(url, pathStart);
    String deployment = null;
    String rest;
    if (path.startsWith("/openai/deployments/")) {
      int slash = path.indexOf('/', "/openai/deployments/".length());
      if (slash < 0) {
        return null;
      }
      deployment = path.substring("/openai/deployments/".length(), slash);
      rest = path.substring(slash);
    } else if (path.startsWith("/openai/v1/")) {
      rest = path.substring("/openai/v1".length());
    } else if (path.startsWith("/openai/")) {
      rest = path.substring("/openai".length());
    } else {
      return null;
    }
    Operation op = azureFormat.operation(method, rest);
    return op == null ? null : new ProviderEndpoint("azure.ai.openai", azureFormat, host(hostPort), port(hostPort), op, deployment, false, false);
  }

  private static String pathOf(String url, int pathStart) {
    int end = url.length();
    int q = url.indexOf('?', pathStart);
    if (q >= 0) {
      end = q;
    }
    int hash = url.indexOf('#', pathStart);
    if (hash >= 0 && hash < end) {
      end = hash;
    }
    return pathStart >= end ? "/" : url.substring(pathStart, end);
  }

  private static String hostPort(String host, int port, String scheme) {
    int p = port >= 0 ? port : "https".equalsIgnoreCase(scheme) ? 443 : 80;
    return host.toLowerCase(Locale.ROOT) + ":" + p;
  }

  private static String host(String hostPort) {
    return hostPort.substring(0, hostPort.lastIndexOf(':'));
  }

  private static int port(String hostPort) {
    return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
  }

  private static String stripTrailingSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private record Hit(String method, ProviderEndpoint endpoint) {}

  private record Route(String hostPort, String basePath, String providerName, WireFormat format, boolean propagatesTrace,
      boolean selfHosted) {}
}
