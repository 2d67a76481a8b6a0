package io.tollgate.core.instrument;

import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * Checks a module's references against the classes a loader can see, reading class files only
 * (nothing is loaded or initialised), so that an unknown library version is detected before any
 * class of it is changed.
 */
public final class ReferenceCheck {
  private ReferenceCheck() {}

  /** The references that are missing; empty when the module fits. */
  public static List<String> missing(ClassLoader loader, List<String> references) {
    TypePool pool = TypePool.Default.of(ClassFileLocator.ForClassLoader.of(loader));
    List<String> missing = new ArrayList<>();
    for (String ref : references) {
      if (!present(pool, ref)) {
        missing.add(ref);
      }
    }
    return missing;
  }

  private static boolean present(TypePool pool, String ref) {
    int hash = ref.indexOf('#');
    TypePool.Resolution resolution = pool.describe(hash >= 0 ? ref.substring(0, hash) : ref);
    if (!resolution.isResolved()) {
      return false;
    }
    if (hash < 0) {
      return true;
    }
    TypeDescription type = resolution.resolve();
    String member = ref.substring(hash + 1);
    int slash = member.indexOf('/');
    if (slash >= 0) {
      return hasMethod(type, member.substring(0, slash), Integer.parseInt(member.substring(slash + 1)));
    }
    return type.getDeclaredFields().stream().anyMatch((FieldDescription f) -> f.getName().equals(member))
        || hasMethod(type, member, -1);
  }

  private static boolean hasMethod(TypeDescription type, String name, int args) {
    for (TypeDescription t = type; t != null; t = t.getSuperClass() == null ? null : t.getSuperClass().asErasure()) {
      for (MethodDescription.InDefinedShape m : t.getDeclaredMethods()) {
        if (m.getInternalName().equals(name) && (args < 0 || m.getParameters().size() == args)) {
          return true;
        }
      }
      for (TypeDescription.Generic i : t.getInterfaces()) {
        if (hasMethod(i.asErasure(), name, args)) {
          return true;
        }
      }
    }
    return false;
  }
}
