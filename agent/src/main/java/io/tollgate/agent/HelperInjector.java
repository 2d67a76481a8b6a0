package io.tollgate.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Defines helper classes (those that implement a library's interfaces) in the library's own class
 * loader. Uses {@code ClassLoader.defineClass}, opened to the agent through the Instrumentation API
 * rather than {@code sun.misc.Unsafe}, so it works unchanged from JDK 17 to 25.
 */
final class HelperInjector {
  private final ClassLoader agentLoader;
  private final Method defineClass;
  private final Method findLoadedClass;
  private final Map<ClassLoader, Set<String>> injected = Collections.synchronizedMap(new WeakHashMap<>());

  HelperInjector(Instrumentation inst, ClassLoader agentLoader) throws ReflectiveOperationException {
    this.agentLoader = agentLoader;
    Module javaBase = Object.class.getModule();
    inst.redefineModule(javaBase, Set.of(), Map.of(), Map.of("java.lang", Set.of(HelperInjector.class.getModule())), Set.of(), Map.of());
    defineClass = ClassLoader.class.getDeclaredMethod("defineClass", String.class, byte[].class, int.class, int.class, ProtectionDomain.class);
    defineClass.setAccessible(true);
    findLoadedClass = ClassLoader.class.getDeclaredMethod("findLoadedClass", String.class);
    findLoadedClass.setAccessible(true);
  }

  void inject(ClassLoader target, List<String> classNames) throws IOException, ReflectiveOperationException {
    if (target == null || classNames.isEmpty()) {
      return;
    }
    Set<String> done = injected.computeIfAbsent(target, k -> Collections.synchronizedSet(new HashSet<>()));
    synchronized (done) {
      for (String name : classNames) {
        if (done.contains(name) || findLoadedClass.invoke(target, name) != null) {
          done.add(name);
          continue;
        }
        byte[] bytes = read(name);
        try {
          defineClass.invoke(target, name, bytes, 0, bytes.length, null);
        } catch (java.lang.reflect.InvocationTargetException e) {
          if (!(e.getCause() instanceof LinkageError)) {
            throw e;
          } // defined meanwhile by a parallel loader: fine
        }
        done.add(name);
      }
    }
  }

  private byte[] read(String className) throws IOException {
    try (InputStream in = agentLoader.getResourceAsStream(className.replace('.', '/') + ".class")) {
      if (in == null) {
        throw new IOException("helper class " + className + " is missing from the agent jar");
      }
      return in.readAllBytes();
    }
  }
}
