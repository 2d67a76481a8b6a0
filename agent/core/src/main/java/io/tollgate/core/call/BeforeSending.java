package io.tollgate.core.call;

import java.util.Locale;

/**
 * Transport failures that happen before a request can have reached the provider (no connection was made), so
 * nothing can have been billed for it. Any other failure without an answer (a read timeout, a reset) may come after
 * the provider took the request, and a budget counts it at its worst case.
 */
final class BeforeSending {
  private static final int MAX_CAUSES = 8;

  private BeforeSending() {}

  static boolean failed(Throwable error) {
    Throwable t = error;
    for (int i = 0; t != null && i < MAX_CAUSES; i++, t = t.getCause()) {
      if (t instanceof java.net.ConnectException
          || t instanceof java.net.UnknownHostException
          || t instanceof java.net.NoRouteToHostException
          || t instanceof java.net.http.HttpConnectTimeoutException
          || t instanceof javax.net.ssl.SSLHandshakeException) {
        return true;
      }
      // OkHttp's connect timeout is Socket.connect's bare SocketTimeoutException ("Connect timed out")
      if (t instanceof java.net.SocketTimeoutException && t.getMessage() != null
          && t.getMessage().toLowerCase(Locale.ROOT).contains("connect")) {
        return true;
      }
    }
    return false;
  }
}
