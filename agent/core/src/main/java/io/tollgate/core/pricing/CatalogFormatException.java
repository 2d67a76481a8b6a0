package io.tollgate.core.pricing;

/**
 * A pricing catalog that cannot be used. The message says what is wrong and where: a JSON line and
 * column for syntax errors, the path of the offending field (and the line of its model) otherwise.
 */
public final class CatalogFormatException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public CatalogFormatException(String message) {
    super(message);
  }

  public CatalogFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
