package io.broadside.common.plan;

/**
 * The plan's one rule about load modes, for every reader: open mode takes {@code rate} (arrivals
 * per second), closed mode takes {@code users}; a shape written for one mode is refused in the
 * other; a key of one mode is forbidden in the other. The problem messages are spelled here.
 */
final class LoadModes {
  private LoadModes() {}

  /** The key that sets a level in {@code mode}: {@code rate} when open, {@code users} otherwise. */
  static String levelKey(LoadMode mode) {
    return mode == LoadMode.OPEN ? "rate" : "users";
  }

  /** The level key of the other mode: {@code users} when open, {@code rate} otherwise. */
  static String otherLevelKey(LoadMode mode) {
    return mode == LoadMode.OPEN ? "users" : "rate";
  }

  /**
   * Forbids the other mode's level key in {@code f}, saying what {@code mode} does with its own:
   * "only applies to closed mode (open mode VERB rate)" or "only applies to open mode (closed mode
   * VERB users)". Nothing when the mode is unknown.
   *
   * @param verb what the mode does with its level: {@code uses}, {@code sweeps}, {@code searches}
   */
  static void forbidOtherLevel(Fields f, LoadMode mode, String verb) {
    if (mode == null) {
      return;
    }
    LoadMode other = mode == LoadMode.OPEN ? LoadMode.CLOSED : LoadMode.OPEN;
    f.forbid(
        otherLevelKey(mode),
        "only applies to "
            + Fields.spelling(other)
            + " mode ("
            + Fields.spelling(mode)
            + " mode "
            + verb
            + " "
            + levelKey(mode)
            + ")");
  }

  /** Whether a known {@code mode} is not {@code needed}. */
  static boolean wrong(LoadMode mode, LoadMode needed) {
    return mode != null && mode != needed;
  }

  /**
   * A shape that needs {@code needed}: at {@code load}'s {@code key}, "WHAT: mode must be NEEDED"
   * when the plan's mode is the other. Returns whether it was.
   */
  static boolean shapeNeeds(Fields load, String key, LoadMode mode, LoadMode needed, String what) {
    if (!wrong(mode, needed)) {
      return false;
    }
    load.problem(key, what + ": mode must be " + Fields.spelling(needed));
    return true;
  }

  /**
   * A key that only applies in {@code onlyIn}: forbidden, "only applies to ONLY_IN mode (mode is
   * MODE)", when the plan's mode is the other.
   */
  static void forbidOutside(Fields f, String key, LoadMode mode, LoadMode onlyIn) {
    if (wrong(mode, onlyIn)) {
      f.forbid(
          key,
          "only applies to "
              + Fields.spelling(onlyIn)
              + " mode (mode is "
              + Fields.spelling(mode)
              + ")");
    }
  }
}
