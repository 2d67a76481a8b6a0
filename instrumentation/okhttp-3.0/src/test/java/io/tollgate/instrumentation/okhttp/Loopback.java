package io.tollgate.instrumentation.okhttp;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A server on the loopback interface for a real OkHttp client: one fixed answer, the requests it received. */
final class Loopback implements AutoCloseable {
  /** A request as it arrived: its headers and its body. */
  record Received(Headers headers, byte[] body) {}

  private final HttpServer server;
  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());

  /**
   * @param headers name, value, name, value...
   * @param fixedLength answer with a {@code Content-Length}, or else chunked
   */
  private Loopback(byte[] body, boolean fixedLength, String... headers) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      try (exchange) {
        received.add(new Received(exchange.getRequestHeaders(), exchange.getRequestBody().readAllBytes()));
        for (int i = 0; i < headers.length; i += 2) {
          exchange.getResponseHeaders().set(headers[i], headers[i + 1]);
        }
        exchange.sendResponseHeaders(200, fixedLength ? body.length : 0);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    });
    server.start();
  }

  static Loopback answering(byte[] body, boolean fixedLength, String... headers) throws IOException {
    return new Loopback(body, fixedLength, headers);
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/chat/completions";
  }

  List<Received> received() {
    return received;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
