package io.tollgate.instrumentation.okhttp;

import io.tollgate.bootstrap.Blocked;
import io.tollgate.bootstrap.CallTracker;
import io.tollgate.bootstrap.Exchange;
import io.tollgate.bootstrap.Tollgate;
import java.io.IOException;
import java.util.List;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Sees every request of the client. Non-LLM traffic costs one matcher call; an LLM call gets an
 * {@link Exchange} that reads the request body and tees the response body as the application
 * reads it. Any failure of ours is counted and the request goes on untouched.
 */
public final class TollgateInterceptor implements Interceptor {
  static final TollgateInterceptor INSTANCE = new TollgateInterceptor();

  private TollgateInterceptor() {}

  public static void addTo(List<Interceptor> interceptors) {
    for (Interceptor i : interceptors) {
      if (i instanceof TollgateInterceptor) {
        return;
      }
    }
    interceptors.add(0, INSTANCE);
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    String headerCallId = request.header(CallTracker.LOGICAL_CALL_HEADER);
    Exchange exchange = null;
    try {
      String logicalCallId = headerCallId != null ? headerCallId : Tollgate.threadCallId();
      exchange = Tollgate.tracker().startExchange(request.method(), request.url().toString(), logicalCallId);
      if (exchange != null || headerCallId != null) {
        request = RequestCapture.prepare(request, exchange);
      }
    } catch (RequestCapture.BodyLost lost) {
      // the application's body broke while Tollgate read it: sent again, it would be written a second time
      exchange.onFailure(lost.getCause());
      throw lost.failure();
    } catch (Throwable t) {
      Tollgate.internalError("okhttp request", t);
      request = RequestCapture.withoutLogicalCallHeader(chain.request());
    }
    if (exchange == null) {
      return chain.proceed(request);
    }
    Blocked blocked = blockedBy(exchange);
    if (blocked != null) {
      if (blocked.exception != null && !inEnqueuedCall()) {
        throw blocked.exception;
      }
      // an enqueued call's exception reaches its callback only as an IOException, which the SDKs retry, and kills
      // the dispatcher's thread: it gets the 429 of response mode, which they do not retry
      return BlockedResponse.of(request, blocked);
    }
    Response response;
    try {
      response = chain.proceed(request);
    } catch (IOException | RuntimeException | Error e) {
      exchange.onFailure(e);
      throw e;
    }
    return teeBody(response, exchange);
  }

  private static Blocked blockedBy(Exchange exchange) {
    try {
      return exchange.blocked();
    } catch (Throwable t) {
      Tollgate.internalError("okhttp budget", t);
      return null;
    }
  }

  /**
   * Whether this thread runs an enqueued call (OkHttp's {@code RealCall$AsyncCall}) rather than {@code execute()}: the
   * innermost of the two decides, as a callback may execute a call of its own.
   */
  static boolean inEnqueuedCall() {
    return StackWalker.getInstance().walk(frames -> frames
        .filter(f -> f.getClassName().endsWith("RealCall$AsyncCall")
            || f.getClassName().endsWith(".RealCall") && f.getMethodName().equals("execute"))
        .findFirst()
        .map(f -> f.getClassName().endsWith("$AsyncCall"))
        .orElse(false));
  }

  private static Response teeBody(Response response, Exchange exchange) {
    try {
      String encoding = Exchange.encoding(response.header("Content-Encoding"));
      // a body in a Content-Encoding (the application asked for it compressed, so OkHttp left it so) passes on as it
      // came, never rewritten: the exchange reads a decoded copy of gzip and leaves any other encoding unread
      exchange.onResponseHead(response.code(), response.header("Content-Type"), encoding);
      ResponseBody body = response.body();
      if (body == null) {
        exchange.onResponseEnd();
        return response;
      }
      TeeResponseBody tee = new TeeResponseBody(body, exchange);
      Response.Builder teed = response.newBuilder().body(tee);
      if (tee.rewrites() && response.header("Content-Length") != null) {
        teed.removeHeader("Content-Length"); // the provider's length no longer holds for what the application reads
      }
      return teed.build();
    } catch (Throwable t) {
      Tollgate.internalError("okhttp response", t);
      return response;
    }
  }
}
