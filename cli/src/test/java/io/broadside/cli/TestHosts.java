package io.broadside.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test hosts in network namespaces: a bridge in the root namespace at 198.18.0.1 (the range
 * reserved for benchmarking) and one namespace per host at 198.18.0.2, .3, …, each behind a veth
 * pair. Where namespaces cannot be made (not root, no iproute2), the hosts are loopback addresses
 * 127.0.0.2, .3, … instead, and {@link #namespaced()} says so. {@link #close()} removes everything,
 * and a shutdown hook does too if the test JVM is stopped.
 */
final class TestHosts implements AutoCloseable {
  private static final String PREFIX = "bsit";
  private final List<String> namespaces = new ArrayList<>();
  private final boolean namespaced;
  private final Thread hook = new Thread(this::removeAll);

  /** One test host: its address, and how to run a command on it. */
  record Host(String name, String address, boolean namespaced) {
    List<String> command(List<String> command) {
      List<String> full = new ArrayList<>();
      if (namespaced) {
        full.addAll(List.of("ip", "netns", "exec", name));
      }
      full.addAll(command);
      return full;
    }
  }

  private final List<Host> hosts = new ArrayList<>();

  private TestHosts(int n) {
    removeLeftovers();
    boolean ok = false;
    try {
      Runtime.getRuntime().addShutdownHook(hook);
      run("ip", "link", "add", PREFIX + "br", "type", "bridge");
      run("ip", "addr", "add", "198.18.0.1/24", "dev", PREFIX + "br");
      run("ip", "link", "set", PREFIX + "br", "up");
      for (int k = 1; k <= n; k++) {
        String ns = PREFIX + "h" + k;
        run("ip", "netns", "add", ns);
        namespaces.add(ns);
        run(
            "ip",
            "link",
            "add",
            PREFIX + "v" + k,
            "type",
            "veth",
            "peer",
            "name",
            PREFIX + "p" + k);
        run("ip", "link", "set", PREFIX + "p" + k, "netns", ns);
        run("ip", "link", "set", PREFIX + "v" + k, "master", PREFIX + "br", "up");
        run(
            "ip",
            "netns",
            "exec",
            ns,
            "ip",
            "addr",
            "add",
            "198.18.0." + (k + 1) + "/24",
            "dev",
            PREFIX + "p" + k);
        run("ip", "netns", "exec", ns, "ip", "link", "set", PREFIX + "p" + k, "up");
        run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
        hosts.add(new Host(ns, "198.18.0." + (k + 1), true));
      }
      ok = true;
    } catch (IOException | RuntimeException e) {
      System.out.println(
          "network namespaces unavailable (" + e.getMessage() + "): test hosts run on loopback");
      removeAll();
      hosts.clear();
      for (int k = 1; k <= n; k++) {
        hosts.add(new Host("loopback-" + k, "127.0.0." + (k + 1), false));
      }
    }
    this.namespaced = ok;
  }

  static TestHosts create(int n) {
    return new TestHosts(n);
  }

  boolean namespaced() {
    return namespaced;
  }

  /** The address of the test JVM as the hosts see it. */
  String rootAddress() {
    return namespaced ? "198.18.0.1" : "127.0.0.1";
  }

  Host host(int i) {
    return hosts.get(i);
  }

  /** Starts a process on a host; its output goes to {@code log}. */
  Process start(Host host, List<String> command, Path log) throws IOException {
    return new ProcessBuilder(host.command(command))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  @Override
  public void close() {
    removeAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs
    }
  }

  private synchronized void removeAll() {
    for (int k = 1; k <= namespaces.size(); k++) {
      quietly("ip", "netns", "del", PREFIX + "h" + k);
      // a veth outlives its namespace while a process still holds the namespace
      quietly("ip", "link", "del", PREFIX + "v" + k);
    }
    namespaces.clear();
    quietly("ip", "link", "del", PREFIX + "br");
  }

  /** Namespaces and the bridge of an earlier test JVM that was killed before it cleaned up. */
  private static void removeLeftovers() {
    for (int k = 1; k <= 8; k++) {
      quietly("ip", "netns", "del", PREFIX + "h" + k);
      quietly("ip", "link", "del", PREFIX + "v" + k);
    }
    quietly("ip", "link", "del", PREFIX + "br");
  }

  private static void run(String... command) throws IOException {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + ": " + out.trim());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static void quietly(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      // nothing to remove
    }
  }
}
