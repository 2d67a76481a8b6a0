package io.tollgate.instrumentation.jlama;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tollgate.core.instrument.ReferenceCheck;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The module's references read against real Jlama jars, as the agent reads them before changing any class. */
class JlamaInstrumentationTest {
  private final List<String> references = new JlamaInstrumentation().references();

  @Test
  void everyReferenceResolvesInJlama084() throws Exception {
    try (URLClassLoader jlama = jlama("0.8.4")) {
      assertEquals(List.of(), ReferenceCheck.missing(jlama, references));
    }
  }

  @Test
  void jlama031IsNotOneWeUnderstand() throws Exception {
    // generate has the same shape there, but models load through other methods: the module is left out whole
    try (URLClassLoader jlama = jlama("0.3.1")) {
      assertEquals(List.of(JlamaInstrumentation.SUPPORT + "#loadModel/9"), ReferenceCheck.missing(jlama, references));
    }
  }

  private static URLClassLoader jlama(String version) throws Exception {
    URL jar = Path.of(System.getProperty("tollgate.jlama.jars"), "jlama-core-" + version + ".jar").toUri().toURL();
    return new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader());
  }
}
