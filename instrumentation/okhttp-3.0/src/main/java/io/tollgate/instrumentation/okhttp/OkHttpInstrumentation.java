package io.tollgate.instrumentation.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import io.tollgate.core.instrument.InstrumentationModule;
import io.tollgate.core.instrument.TypeAdvice;
import java.util.List;

/** Adds {@link TollgateInterceptor} first in every OkHttpClient's application interceptors. */
public final class OkHttpInstrumentation implements InstrumentationModule {
  private static final String PKG = "io.tollgate.instrumentation.okhttp.";

  @Override
  public String name() {
    return "okhttp-3.0";
  }

  @Override
  public List<String> references() {
    return List.of(
        "okhttp3.OkHttpClient$Builder#interceptors/0",
        "okhttp3.Interceptor$Chain#proceed/1",
        "okhttp3.Interceptor$Chain#request/0",
        "okhttp3.Request#newBuilder/0",
        "okhttp3.Request#header/1",
        "okhttp3.Request$Builder#removeHeader/1",
        "okhttp3.Request$Builder#method/2",
        "okhttp3.RequestBody#writeTo/1",
        "okhttp3.RequestBody#contentLength/0",
        "okhttp3.RequestBody#create/2",
        "okhttp3.Response#newBuilder/0",
        "okhttp3.Response$Builder#body/1",
        "okhttp3.Response$Builder#removeHeader/1",
        "okhttp3.ResponseBody#source/0",
        "okhttp3.ResponseBody#create/3",
        "okhttp3.ResponseBody#create/2",
        "okhttp3.Response$Builder#<init>/0",
        "okhttp3.Response$Builder#request/1",
        "okhttp3.Response$Builder#protocol/1",
        "okhttp3.Response$Builder#code/1",
        "okhttp3.Response$Builder#message/1",
        "okhttp3.Response$Builder#header/2",
        "okhttp3.Response$Builder#sentRequestAtMillis/1",
        "okhttp3.Response$Builder#receivedResponseAtMillis/1",
        "okhttp3.MediaType#parse/1",
        "okhttp3.MediaType#subtype/0",
        "okio.ForwardingSource#read/2",
        "okio.Okio#buffer/1",
        "okio.Sink",
        "okio.Timeout#NONE",
        "okio.BufferedSink#flush/0",
        "okio.Buffer#write/2",
        "okio.Buffer#copyTo/3",
        "okio.Buffer#size/0",
        "okio.Buffer#read/3",
        "okio.Buffer#write/1",
        "okio.Buffer#readByteArray/0");
  }

  @Override
  public List<String> helperClasses() {
    return List.of(
        PKG + "TollgateInterceptor",
        PKG + "RequestCapture",
        PKG + "RequestCapture$BodyLost",
        PKG + "RequestCapture$Bounded",
        PKG + "TeeResponseBody",
        PKG + "TeeSource",
        PKG + "UnseenBytes",
        PKG + "BlockedResponse");
  }

  @Override
  public List<TypeAdvice> advice() {
    return List.of(new TypeAdvice(
        named("okhttp3.OkHttpClient"),
        isConstructor().and(takesArgument(0, named("okhttp3.OkHttpClient$Builder"))),
        PKG + "OkHttpClientConstructorAdvice"));
  }
}
