package io.tollgate.gpu;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where each value of a {@link GpuReading} sits in a row of nvidia-smi's CSV (-1: not asked for),
 * found once from a header or a query's field list rather than for every row.
 */
final class NvidiaSmiColumns {
  // nvidia-smi accepts these alternative names in a query, but prints the header with the canonical one
  private static final Map<String, String> ALIASES = Map.of("gpu_name", "name", "gpu_uuid", "uuid");

  final int count;
  final int index;
  final int uuid;
  final int name;
  final int driverVersion;
  final int utilization;
  final int memoryUtilization;
  final int memoryUsed;
  final int memoryTotal;
  final int power;
  final int temperature;

  NvidiaSmiColumns(List<String> fields) {
    List<String> names = fields.stream().map(f -> {
      String field = f.trim().toLowerCase(Locale.ROOT);
      return ALIASES.getOrDefault(field, field);
    }).toList();
    count = names.size();
    index = names.indexOf("index");
    uuid = names.indexOf("uuid");
    name = names.indexOf("name");
    driverVersion = names.indexOf("driver_version");
    utilization = names.indexOf("utilization.gpu");
    memoryUtilization = names.indexOf("utilization.memory");
    memoryUsed = names.indexOf("memory.used");
    memoryTotal = names.indexOf("memory.total");
    power = names.indexOf("power.draw");
    temperature = names.indexOf("temperature.gpu");
  }
}
