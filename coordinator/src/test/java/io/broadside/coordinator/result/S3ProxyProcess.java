package io.broadside.coordinator.result;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * S3Proxy, an S3-compatible server, as a process on loopback: in-memory storage, SigV4 checked
 * against one access key. Its jar is copied from Maven Central into target/s3proxy by the build.
 */
final class S3ProxyProcess implements AutoCloseable {
  private final Process process;
  private final int port;

  private S3ProxyProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static S3ProxyProcess start(Path dir, String access, String secret) throws Exception {
    Path jar = Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath();
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: the build copies it (mvn test)");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path conf = dir.resolve("s3proxy.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + access,
            "s3proxy.credential=" + secret,
            "jclouds.provider=transient",
            "jclouds.identity=local",
            "jclouds.credential=local",
            ""));
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(
                java, "-Xmx256m", "-jar", jar.toString(), "--properties", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("s3proxy.log").toFile())
            .start();
    S3ProxyProcess proxy = new S3ProxyProcess(p, port);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "S3Proxy exited: " + Files.readString(dir.resolve("s3proxy.log")));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return proxy;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    proxy.close();
    throw new IllegalStateException("S3Proxy did not listen on " + port + " within 60 s");
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
