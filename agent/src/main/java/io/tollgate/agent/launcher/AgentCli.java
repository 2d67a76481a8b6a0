package io.tollgate.agent.launcher;

import java.io.File;
import java.net.URL;
import java.util.jar.JarFile;

/**
 * {@code java -jar tollgate-agent.jar <command> ...}: runs a command from the agent's own class
 * loader, so the commands use exactly the code and data the agent uses.
 */
public final class AgentCli {
  private AgentCli() {}

  public static void main(String[] args) throws Exception {
    URL location = AgentCli.class.getProtectionDomain().getCodeSource().getLocation();
    JarFile jar = new JarFile(new File(location.toURI()));
    ClassLoader agentLoader = (ClassLoader) Class.forName("io.tollgate.bootstrap.AgentClassLoader")
        .getConstructor(JarFile.class, URL.class, ClassLoader.class)
        .newInstance(jar, location, ClassLoader.getPlatformClassLoader());
    Class<?> commands = agentLoader.loadClass("io.tollgate.agent.cli.Commands");
    int status = (int) commands.getMethod("run", String[].class).invoke(null, (Object) args);
    System.exit(status);
  }
}
