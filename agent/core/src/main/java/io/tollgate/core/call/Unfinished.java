package io.tollgate.core.call;

/**
 * A call the application has let go of while its response is not over: a logical call whose SDK method has
 * returned (a stream handed to the application), or an attempt no SDK call holds. If the application never reads
 * it to the end nor closes it, nothing else would ever record it or settle its budget reservation.
 */
interface Unfinished {
  /** When its last response bytes came (or it started, if none have). */
  long lastActivityNanos();

  /** Ends it as it stands and records what is known; {@code why} becomes the record's {@code error_type}. */
  void abandon(String why);
}
