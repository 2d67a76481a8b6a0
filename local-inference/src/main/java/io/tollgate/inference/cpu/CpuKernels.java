package io.tollgate.inference.cpu;

/** Picks the kernels this JVM can run: the Vector API when its incubator module was added, else plain loops. */
final class CpuKernels {
    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    private CpuKernels() {}

    static Kernels select(boolean vectorApi) {
        if (!vectorApi) return new ScalarKernels("Vector API turned off");
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            return new ScalarKernels(VECTOR_MODULE + " not added");
        }
        try {
            // by name, so the vector classes are never linked on a JVM without the module
            return (Kernels) Class.forName(CpuKernels.class.getPackageName() + ".VectorKernels")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return new ScalarKernels(String.valueOf(cause.getMessage()));
        } catch (LinkageError e) {
            return new ScalarKernels("Vector API unusable: " + e);
        }
    }
}
