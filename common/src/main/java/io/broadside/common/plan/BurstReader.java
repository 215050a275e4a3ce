package io.broadside.common.plan;

import java.util.Map;
import java.util.Set;

/** Reads {@code $.load.burst}: {@code requests} sent at once; open mode only. */
final class BurstReader {
  static final Set<String> KEYS = Fields.keys("requests");

  private BurstReader() {}

  static Burst read(Fields load, LoadMode mode) {
    Fields burst =
        Fields.of(load.get("burst"), load.pathOf("burst"), KEYS, Map.of(), load.problems());
    if (burst == null) {
      return null;
    }
    Integer requests = burst.required("requests", key -> burst.wholeNumber(key, 1));
    if (LoadModes.shapeNeeds(
        load, "burst", mode, LoadMode.OPEN, "sends its requests at once, an open-loop shape")) {
      return null;
    }
    return requests == null ? null : new Burst(requests);
  }
}
