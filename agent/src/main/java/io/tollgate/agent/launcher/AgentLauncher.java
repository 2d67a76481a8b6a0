package io.tollgate.agent.launcher;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.util.jar.JarFile;

/**
 * The {@code Premain-Class} and {@code Agent-Class}. It puts the agent jar's bootstrap API on the
 * bootstrap class path, creates the isolated agent class loader and hands over; it refers to no
 * other Tollgate class directly, so nothing of ours is loaded by the application's class loader.
 */
public final class AgentLauncher {
  private static boolean started;

  private AgentLauncher() {}

  public static void premain(String args, Instrumentation inst) {
    start(args, inst, false);
  }

  public static void agentmain(String args, Instrumentation inst) {
    start(args, inst, true);
  }

  private static synchronized void start(String args, Instrumentation inst, boolean attached) {
    if (started) {
      // e.g. one -javaagent in JAVA_TOOL_OPTIONS and one on the command line: the first one's settings stand
      System.err.println("[tollgate] WARN agent already started; this -javaagent and its arguments were ignored"
          + (args == null || args.isBlank() ? "" : ": " + args));
      return;
    }
    started = true;
    try {
      URL location = AgentLauncher.class.getProtectionDomain().getCodeSource().getLocation();
      JarFile jar = new JarFile(new File(location.toURI()));
      inst.appendToBootstrapClassLoaderSearch(jar);
      Class<?> loaderType = Class.forName("io.tollgate.bootstrap.AgentClassLoader", true, null);
      ClassLoader agentLoader = (ClassLoader) loaderType
          .getConstructor(JarFile.class, URL.class, ClassLoader.class)
          .newInstance(jar, location, ClassLoader.getPlatformClassLoader());
      Class<?> installer = agentLoader.loadClass("io.tollgate.agent.AgentInstaller");
      installer.getMethod("install", String.class, Instrumentation.class, ClassLoader.class, boolean.class)
          .invoke(null, args, inst, agentLoader, attached);
    } catch (Throwable t) {
      // the application must start whatever happens to us
      System.err.println("[tollgate] ERROR agent not started: " + t);
    }
  }
}
