package io.broadside.cli;

/** Exit codes of DESIGN.md §7; when several apply, the highest wins. */
public final class ExitCode {
  public static final int PASSED = 0;
  public static final int THRESHOLD_FAILED = 1;
  public static final int INVALID_INPUT = 2;
  public static final int RUN_FAILED = 3;

  private ExitCode() {}
}
