package io.broadside.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the runnable jar and the {@code broadside} launcher. */
@Command(
    name = "broadside",
    mixinStandardHelpOptions = true,
    version = "broadside 0.1.0",
    description = "Distributed load testing for model-serving endpoints.",
    subcommands = {
      DemoCommand.class,
      RunCommand.class,
      ValidateCommand.class,
      SimulateCommand.class
    })
public final class Main implements Runnable {
  public static void main(String[] args) {
    System.setProperty("hazelcast.phone.home.enabled", "false");
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code (tests call this). */
  public static int execute(String... args) {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
