package io.tollgate.instrumentation.jlama;

import java.io.File;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The name of each loaded model: its directory's (as Jlama's downloader names it, e.g.
 * {@code tjake_Llama-3.2-1B-Instruct-JQ4}). Jlama keeps no name or path on the model itself.
 */
public final class ModelNames {
  private static final Map<Object, String> NAMES = Collections.synchronizedMap(new WeakHashMap<>());

  private ModelNames() {}

  public static void remember(Object model, File location) {
    if (model != null && location != null) {
      File dir = location.isFile() ? location.getAbsoluteFile().getParentFile() : location.getAbsoluteFile();
      NAMES.put(model, dir.getName());
    }
  }

  /** Null for a model built without {@code ModelSupport.loadModel}. */
  public static String of(Object model) {
    return NAMES.get(model);
  }
}
