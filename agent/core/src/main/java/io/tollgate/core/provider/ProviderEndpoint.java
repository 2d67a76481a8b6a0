package io.tollgate.core.provider;

import io.tollgate.core.wire.Operation;
import io.tollgate.core.wire.WireFormat;

/**
 * A request URL recognised as an LLM call.
 *
 * @param providerName the {@code gen_ai.provider.name} to record
 * @param modelFromPath a model named by the URL (Azure deployment), or null
 * @param propagatesTrace whether requests carry a W3C {@code traceparent} (servers that may record their side)
 * @param selfHosted a server the user runs: the catalog's prices are not what its calls cost
 */
public record ProviderEndpoint(
    String providerName,
    WireFormat format,
    String serverAddress,
    int serverPort,
    Operation operation,
    String modelFromPath,
    boolean propagatesTrace,
    boolean selfHosted) {}
