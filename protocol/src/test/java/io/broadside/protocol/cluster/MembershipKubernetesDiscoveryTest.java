package io.broadside.protocol.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two members configured with {@code --kubernetes-service} find each other through a stand-in for
 * the Kubernetes API on loopback that lists them as the Service's endpoint slice; and the requests
 * they make are the ones deploy/k8s's Role grants.
 */
class MembershipKubernetesDiscoveryTest {
  private static final String A = "127.0.0.2";
  private static final String B = "127.0.0.3";

  /**
   * Hazelcast loads the API's CA certificate even over plain HTTP: a self-signed one (its key
   * thrown away), never used to verify anything here.
   */
  private static final String CA =
      """
      -----BEGIN CERTIFICATE-----
      MIIBqDCCAU2gAwIBAgIUd8YOQt0uEsDIlnFIK72HVBaeOvkwCgYIKoZIzj0EAwIw
      KDEmMCQGA1UEAwwdYnJvYWRzaWRlLXRlc3Qta3ViZXJuZXRlcy1hcGkwIBcNMjYx
      MjAxMjMyMDE2WhgPMjEyNjExMDcyMzIwMTZaMCgxJjAkBgNVBAMMHWJyb2Fkc2lk
      ZS10ZXN0LWt1YmVybmV0ZXMtYXBpMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE
      tL9v8kJAFn7xSuHyYhEYVa3NNNgVDEUNgHsaE4Rlkln21oauiJDLzmUmOfz60g1s
      oAYoVWrQrWahW465IsmD26NTMFEwHQYDVR0OBBYEFNcZJiD8XO+k9fIzbcg6tKIv
      jXOrMB8GA1UdIwQYMBaAFNcZJiD8XO+k9fIzbcg6tKIvjXOrMA8GA1UdEwEB/wQF
      MAMBAf8wCgYIKoZIzj0EAwIDSQAwRgIhAM0ICttS3VvK6Ff6uWR60TisZDjNjbi7
      FF6r2FBIVuzCAiEApb1GpzzMhU8SlRCmFOj6V0nITA2uzanhMTipdcyoJvQ=
      -----END CERTIFICATE-----
      """;

  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<HazelcastInstance> members = new CopyOnWriteArrayList<>();
  private HttpServer api;

  @AfterEach
  void stop() {
    members.forEach(HazelcastInstance::shutdown);
    if (api != null) {
      api.stop(0);
    }
  }

  @Test
  void membersDiscoverEachOtherAsTheServicesEndpoints() throws Exception {
    int port = freePort();
    startApi(port);
    HazelcastInstance a = member(A, port, false);
    HazelcastInstance b = member(B, port, true);

    assertThat(a.getCluster().getMembers()).hasSize(2);
    assertThat(b.getCluster().getMembers())
        .extracting(m -> m.getAddress().getHost())
        .containsExactlyInAnyOrder(A, B);

    // what the Role in deploy/k8s/base/rbac.yaml must allow: endpoint slices and pods in the
    // namespace; nodes (cluster-scoped, for zones only) is optional
    Set<String> kinds = ConcurrentHashMap.newKeySet();
    for (String r : requests) {
      assertThat(r).startsWith("GET ");
      if (r.contains("/namespaces/load/endpointslices")) {
        kinds.add("endpointslices");
      } else if (r.contains("/namespaces/load/pods/")) {
        kinds.add("pods");
      } else if (r.contains("/api/v1/nodes/")) {
        kinds.add("nodes");
      } else {
        throw new AssertionError("a request the Role does not grant: " + r);
      }
    }
    assertThat(kinds).contains("endpointslices");
  }

  private HazelcastInstance member(String host, int port, boolean lite) {
    MembershipSettings s =
        new MembershipSettings("broadside-k8s-test", host, port, false, List.of(), false, host)
            .withKubernetes("broadside-hazelcast", "load");
    Config config = Membership.config(s, lite, Map.of());
    // the stand-in API instead of the pod's service account; each member on its own address
    config
        .getNetworkConfig()
        .getJoin()
        .getKubernetesConfig()
        .setProperty("kubernetes-master", "http://127.0.0.1:" + api.getAddress().getPort())
        .setProperty("api-token", "test")
        .setProperty("ca-certificate", CA);
    config.setProperty("hazelcast.socket.bind.any", "false");
    HazelcastInstance instance = Hazelcast.newHazelcastInstance(config);
    members.add(instance);
    return instance;
  }

  private void startApi(int memberPort) throws IOException {
    api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    api.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
          String body;
          if (path.equals("/apis/discovery.k8s.io/v1/namespaces/load/endpointslices")) {
            body = slices(memberPort);
          } else if (path.startsWith("/api/v1/namespaces/load/pods/")) {
            body =
                "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},\"spec\":{\"nodeName\":\"n1\"}}";
          } else if (path.startsWith("/api/v1/nodes/")) {
            body =
                "{\"kind\":\"Node\",\"metadata\":{\"name\":\"n1\",\"labels\":"
                    + "{\"topology.kubernetes.io/zone\":\"z1\"}}}";
          } else {
            body = "{\"kind\":\"Status\",\"code\":404}";
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(body.contains("\"code\":404") ? 404 : 200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    api.start();
  }

  private static String slices(int port) {
    return """
        {"kind": "EndpointSliceList", "apiVersion": "discovery.k8s.io/v1", "items": [{
          "metadata": {"name": "broadside-hazelcast-x1",
                       "labels": {"kubernetes.io/service-name": "broadside-hazelcast"}},
          "addressType": "IPv4",
          "endpoints": [
            {"addresses": ["%s"], "conditions": {"ready": true},
             "targetRef": {"kind": "Pod", "name": "coordinator-0"}},
            {"addresses": ["%s"], "conditions": {"ready": false},
             "targetRef": {"kind": "Pod", "name": "agent-0"}}],
          "ports": [{"name": "hazelcast", "port": %d, "protocol": "TCP"}]}]}
        """
        .formatted(A, B, port);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(A))) {
      return s.getLocalPort();
    }
  }
}
