package io.broadside.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the runnable jar and the {@code broadside} launcher. */
@Command(
    name = "broadside",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Distributed load testing for model-serving endpoints.",
    subcommands = {
      DemoCommand.class,
      RunCommand.class,
      ValidateCommand.class,
      RunsCommand.class,
      AgentsCommand.class,
      StopCommand.class,
      ReportCommand.class,
      CompareCommand.class,
      ExportCommand.class,
      SimulateCommand.class,
      CoordinatorCommand.class,
      AgentCommand.class,
      UploadCommand.class,
      TokenCommand.class,
      CertsCommand.class,
      CommandLine.HelpCommand.class,
      picocli.AutoComplete.GenerateCompletion.class
    })
public final class Main implements Runnable {
  /** {@code --version}: the version the build wrote, the same that run.json keeps. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"broadside " + io.broadside.common.Version.get()};
    }
  }

  public static void main(String[] args) {
    System.setProperty("hazelcast.phone.home.enabled", "false");
    quietLogging();
    System.exit(execute(args));
  }

  /**
   * One line per log record, warnings and above, unless the user configured java.util.logging: the
   * console is for the progress line and the summary.
   */
  private static void quietLogging() {
    if (System.getProperty("java.util.logging.config.file") != null) {
      return;
    }
    System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %3$s: %5$s%6$s%n");
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    root.setLevel(java.util.logging.Level.WARNING);
    for (java.util.logging.Handler h : root.getHandlers()) {
      h.setLevel(java.util.logging.Level.WARNING);
    }
  }

  /** Runs a command line and returns its exit code (tests call this). */
  public static int execute(String... args) {
    CommandLine line = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    // every subcommand takes --help and -h (and --version), before any check of its arguments
    for (CommandLine sub : line.getSubcommands().values()) {
      sub.getCommandSpec().mixinStandardHelpOptions(true);
    }
    line.setExecutionExceptionHandler(Main::failed);
    return line.execute(args);
  }

  /** A command that threw: a port taken is one line and exit 2; the rest as picocli shows it. */
  private static int failed(Exception e, CommandLine command, CommandLine.ParseResult parsed)
      throws Exception {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException && command.getCommand() instanceof Listens l) {
        command.getErr().println(Listens.takenLine(l));
        return ExitCode.INVALID_INPUT;
      }
    }
    throw e;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
