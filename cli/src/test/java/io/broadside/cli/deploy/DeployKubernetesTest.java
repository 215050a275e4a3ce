package io.broadside.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedClass;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.broadside.testing.DebianTools;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/k8s as {@code kubectl kustomize} renders it, every document read strictly (an unknown
 * field fails) into Kubernetes' own model classes, then checked as a whole: discovery, RBAC, ports,
 * probes and monitors that fit together.
 */
class DeployKubernetesTest {
  private static final Path ROOT = Tools.root();
  private static final Path DASHBOARDS = ROOT.resolve("grafana/dashboards");
  private static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "Namespace", Namespace.class,
          "ServiceAccount", ServiceAccount.class,
          "Role", Role.class,
          "RoleBinding", RoleBinding.class,
          "Service", Service.class,
          "ConfigMap", ConfigMap.class,
          "Deployment", Deployment.class,
          "ServiceMonitor", ServiceMonitor.class,
          "NetworkPolicy", NetworkPolicy.class);

  /**
   * Jackson that fails on any field the model class lacks: the model classes keep unknown fields in
   * an any-setter map ({@code additionalProperties}), which this turns off.
   */
  static final ObjectMapper STRICT =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .setAnnotationIntrospector(
              new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated a) {
                  return false;
                }

                @Override
                public JsonIgnoreProperties.Value findPropertyIgnoralByName(
                    com.fasterxml.jackson.databind.cfg.MapperConfig<?> config, Annotated a) {
                  JsonIgnoreProperties.Value v = super.findPropertyIgnoralByName(config, a);
                  return a instanceof AnnotatedClass ? v.withoutIgnoreUnknown() : v;
                }
              });

  @Test
  void theBaseRendersIntoStrictlyValidResourcesThatFitTogether() throws Exception {
    List<HasMetadata> resources = parse(kustomize(ROOT.resolve("deploy/k8s/base"), false));
    assertThat(resources.stream().map(HasMetadata::getKind).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(KINDS.keySet());
    resources.forEach(
        r -> {
          if (!(r instanceof Namespace)) {
            assertThat(r.getMetadata().getNamespace()).as(name(r)).isEqualTo("broadside");
          }
        });

    Deployment agents = one(resources, Deployment.class, "broadside-agent");
    Deployment coordinator = one(resources, Deployment.class, "broadside-coordinator");
    assertThat(agents.getSpec().getReplicas()).isEqualTo(3);
    assertDiscovers(resources, agents);
    assertDiscovers(resources, coordinator);

    // every Service selects one Deployment whose container has each port, by name and number
    for (Service service : all(resources, Service.class)) {
      List<Deployment> selected =
          all(resources, Deployment.class).stream()
              .filter(d -> selects(service.getSpec().getSelector(), d))
              .toList();
      assertThat(selected).as(name(service)).isNotEmpty();
      for (Deployment d : selected) {
        for (ServicePort port : service.getSpec().getPorts()) {
          ContainerPort target = containerPort(container(d), port.getTargetPort());
          assertThat(target.getContainerPort()).as(name(service)).isEqualTo(port.getPort());
          assertThat(target.getName()).isEqualTo(port.getName());
        }
      }
    }
    // every probe checks a port the container declares; HTTP probes ask /health
    for (Deployment d : all(resources, Deployment.class)) {
      Container c = container(d);
      for (Probe probe : new Probe[] {c.getReadinessProbe(), c.getLivenessProbe()}) {
        assertThat(probe).as(name(d)).isNotNull();
        IntOrString port =
            probe.getHttpGet() != null
                ? probe.getHttpGet().getPort()
                : probe.getTcpSocket().getPort();
        containerPort(c, port);
        if (probe.getHttpGet() != null) {
          assertThat(probe.getHttpGet().getPath()).isEqualTo("/health");
        }
      }
      List<String> args = new ArrayList<>(c.getArgs());
      args.replaceAll(a -> a.replace("$(POD_IP)", "10.1.2.3").replace("$(POD_NAME)", "agent-0"));
      DeployComposeTest.assertCliAccepts(args);
    }
    assertThat(container(coordinator).getReadinessProbe().getHttpGet().getPort().getStrVal())
        .isEqualTo("http");
    assertThat(containerPort(container(coordinator), new IntOrString("http")).getContainerPort())
        .isEqualTo(8420);

    // the ServiceMonitors scrape /metrics on a port their Services have, every 5 s
    List<ServiceMonitor> monitors = all(resources, ServiceMonitor.class);
    assertThat(monitors)
        .extracting(m -> m.getMetadata().getName())
        .containsExactlyInAnyOrder("broadside-coordinator", "broadside-simulator");
    for (ServiceMonitor m : monitors) {
      List<Service> services =
          all(resources, Service.class).stream()
              .filter(
                  s ->
                      matches(
                          m.getSpec().getSelector().getMatchLabels(), s.getMetadata().getLabels()))
              .toList();
      assertThat(services).as(name(m)).hasSize(1);
      m.getSpec()
          .getEndpoints()
          .forEach(
              e -> {
                assertThat(e.getPath()).isEqualTo("/metrics");
                assertThat(e.getInterval()).isEqualTo("5s");
                assertThat(services.get(0).getSpec().getPorts())
                    .extracting(ServicePort::getName)
                    .contains(e.getPort());
              });
    }
    // the coordinator reads its tokens from a Secret; Prometheus scrapes it with a viewer token
    Container coordinatorContainer = container(coordinator);
    assertThat(coordinatorContainer.getArgs())
        .containsSubsequence("--tokens", "/etc/broadside/tokens/tokens");
    assertThat(coordinatorContainer.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/etc/broadside/tokens");
              assertThat(m.getReadOnly()).isTrue();
              assertThat(
                      coordinator.getSpec().getTemplate().getSpec().getVolumes().stream()
                          .filter(v -> v.getName().equals(m.getName()))
                          .findFirst()
                          .orElseThrow()
                          .getSecret()
                          .getSecretName())
                  .isEqualTo("broadside-tokens");
            });
    // the agents' link is mutual TLS: each side mounts its Secret and passes its three files
    assertMutualTls(coordinator, "broadside-coordinator-tls");
    assertMutualTls(agents, "broadside-agent-tls");
    // an agent's id is its pod's name, which the agents' certificate (broadside-agent) admits
    assertThat(container(agents).getArgs()).containsSubsequence("--id", "$(POD_NAME)");
    // the gRPC link and Hazelcast admit Broadside's own members only; the REST API anyone
    for (Deployment d : List.of(coordinator, agents)) {
      List<NetworkPolicy> policies =
          all(resources, NetworkPolicy.class).stream()
              .filter(p -> matches(p.getSpec().getPodSelector().getMatchLabels(), labels(d)))
              .toList();
      assertThat(policies).as(name(d)).hasSize(1);
      Map<String, String> members = Map.of("broadside.io/hazelcast", "member");
      List<String> open = new ArrayList<>();
      for (NetworkPolicyIngressRule rule : policies.get(0).getSpec().getIngress()) {
        List<String> ports =
            rule.getPorts().stream()
                .map(NetworkPolicyPort::getPort)
                .map(p -> p.getStrVal())
                .toList();
        if (rule.getFrom() == null || rule.getFrom().isEmpty()) {
          open.addAll(ports);
        } else {
          assertThat(rule.getFrom())
              .allSatisfy(f -> assertThat(f.getPodSelector().getMatchLabels()).isEqualTo(members));
        }
        // each port named is one the container declares
        ports.forEach(p -> containerPort(container(d), new IntOrString(p)));
      }
      assertThat(open)
          .as(name(d) + " open to all")
          .isEqualTo(d == coordinator ? List.of("http") : List.of());
    }
    ServiceMonitor coordinatorMonitor =
        monitors.stream()
            .filter(m -> m.getMetadata().getName().equals("broadside-coordinator"))
            .findFirst()
            .orElseThrow();
    assertThat(
            coordinatorMonitor
                .getSpec()
                .getEndpoints()
                .get(0)
                .getAuthorization()
                .getCredentials()
                .getName())
        .isEqualTo("broadside-prometheus-token");
    ConfigMap scrape = one(resources, ConfigMap.class, "broadside-prometheus-config");
    assertThat(scrape.getData().get("prometheus.yml"))
        .contains("broadside-coordinator.broadside.svc:8420")
        .contains("broadside-simulator.broadside.svc:8000");
  }

  @Test
  void theFullBuildAddsEveryDashboardAsAConfigMap() throws Exception {
    assumeTrue(Files.isDirectory(DASHBOARDS), "no grafana/dashboards in this checkout");
    List<HasMetadata> resources = parse(kustomize(ROOT.resolve("deploy/k8s"), true));
    ConfigMap dashboards = one(resources, ConfigMap.class, "broadside-grafana-dashboards");
    Set<String> files;
    try (Stream<Path> list = Files.list(DASHBOARDS)) {
      files =
          list.map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".json"))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    assertThat(new TreeSet<>(dashboards.getData().keySet()))
        .as("every grafana/dashboards/*.json listed in deploy/k8s/kustomization.yaml")
        .isEqualTo(files);
    ObjectMapper json = new ObjectMapper();
    for (var e : dashboards.getData().entrySet()) {
      assertThat(json.readTree(e.getValue()).path("uid").asText()).as(e.getKey()).isNotEmpty();
    }
    assertThat(dashboards.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(resources.size())
        .isEqualTo(parse(kustomize(ROOT.resolve("deploy/k8s/base"), false)).size() + 1);
  }

  @Test
  void theFullBuildNeedsTheLoadRestrictorItDocuments() throws Exception {
    assumeTrue(Files.isDirectory(DASHBOARDS), "no grafana/dashboards in this checkout");
    Path kubectl = Tools.require("kubectl");
    DebianTools.Result r =
        Tools.run(
            ROOT, List.of(kubectl.toString(), "kustomize", ROOT.resolve("deploy/k8s").toString()));
    assertThat(r.exit()).isNotZero();
    assertThat(r.output()).contains("is not in or below");
  }

  @Test
  void anUnknownFieldFailsTheStrictReading(@TempDir Path dir) throws Exception {
    Path base = dir.resolve("base");
    Tools.copyTree(ROOT.resolve("deploy/k8s/base"), base);
    Path agents = base.resolve("agents.yaml");
    String text = Files.readString(agents);
    String broken = text.replace("          readinessProbe:", "          readinesProbe:");
    assertThat(broken).isNotEqualTo(text);
    Files.writeString(agents, broken);

    // kustomize does not check fields, Kubernetes' lenient reading keeps the typo aside
    String rendered = kustomize(base, false);
    assertThatThrownBy(() -> parse(rendered))
        .isInstanceOf(UnrecognizedPropertyException.class)
        .hasMessageContaining("readinesProbe");
  }

  private static void assertDiscovers(List<HasMetadata> resources, Deployment d) {
    Container c = container(d);
    List<String> args = c.getArgs();
    int i = args.indexOf("--kubernetes-service");
    assertThat(i).as(name(d) + " args " + args).isNotNegative();
    Service headless = one(resources, Service.class, args.get(i + 1));
    assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(selects(headless.getSpec().getSelector(), d)).as(name(d)).isTrue();
    ServicePort hz = headless.getSpec().getPorts().get(0);
    assertThat(containerPort(c, hz.getTargetPort()).getContainerPort()).isEqualTo(5701);
    assertThat(args)
        .containsSubsequence("--bind", "0.0.0.0")
        .containsSubsequence("--advertise", "$(POD_IP)");
    assertThat(c.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("POD_IP");
              assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
            });

    // its service account is bound to a Role that grants what discovery reads
    String account = d.getSpec().getTemplate().getSpec().getServiceAccountName();
    assertThat(account).as(name(d)).isNotBlank();
    one(resources, ServiceAccount.class, account);
    List<RoleBinding> bindings =
        all(resources, RoleBinding.class).stream()
            .filter(
                b ->
                    b.getSubjects().stream()
                        .anyMatch(
                            s ->
                                "ServiceAccount".equals(s.getKind())
                                    && account.equals(s.getName())
                                    && d.getMetadata().getNamespace().equals(s.getNamespace())))
            .toList();
    assertThat(bindings).as("RoleBinding of " + account).hasSize(1);
    assertThat(bindings.get(0).getRoleRef().getKind()).isEqualTo("Role");
    Role role = one(resources, Role.class, bindings.get(0).getRoleRef().getName());
    assertThat(grants(role, "", "endpoints")).isTrue();
    assertThat(grants(role, "", "pods")).isTrue();
    assertThat(grants(role, "discovery.k8s.io", "endpointslices")).isTrue();
  }

  private static void assertMutualTls(Deployment d, String secret) {
    Container c = container(d);
    assertThat(c.getArgs())
        .as(name(d))
        .containsSubsequence("--ca", "/etc/broadside/tls/ca.pem")
        .containsSubsequence("--cert", "/etc/broadside/tls/cert.pem")
        .containsSubsequence("--key", "/etc/broadside/tls/key.pem");
    assertThat(c.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/etc/broadside/tls");
              assertThat(m.getReadOnly()).isTrue();
              var volume =
                  d.getSpec().getTemplate().getSpec().getVolumes().stream()
                      .filter(v -> v.getName().equals(m.getName()))
                      .findFirst()
                      .orElseThrow();
              assertThat(volume.getSecret().getSecretName()).isEqualTo(secret);
              // readable by the pod's group (fsGroup), by no one else
              assertThat(volume.getSecret().getDefaultMode()).isEqualTo(0440);
            });
  }

  private static Map<String, String> labels(Deployment d) {
    return d.getSpec().getTemplate().getMetadata().getLabels();
  }

  private static boolean grants(Role role, String group, String resource) {
    for (PolicyRule rule : role.getRules()) {
      if (rule.getApiGroups().contains(group)
          && rule.getResources().contains(resource)
          && rule.getVerbs().containsAll(List.of("get", "list"))) {
        return true;
      }
    }
    return false;
  }

  static String kustomize(Path dir, boolean anyFiles) throws IOException, InterruptedException {
    Path kubectl = Tools.require("kubectl");
    List<String> command = new ArrayList<>(List.of(kubectl.toString(), "kustomize"));
    if (anyFiles) {
      command.addAll(List.of("--load-restrictor", "LoadRestrictionsNone"));
    }
    command.add(dir.toString());
    DebianTools.Result r = Tools.run(dir, command);
    assertThat(r.exit()).as(r.output()).isZero();
    return r.output();
  }

  /** Splits a YAML stream and reads each document strictly into its kind's model class. */
  static List<HasMetadata> parse(String yaml) throws IOException {
    List<HasMetadata> resources = new ArrayList<>();
    var documents = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class).readValues(yaml);
    while (documents.hasNext()) {
      JsonNode doc = (JsonNode) documents.next();
      if (doc == null || doc.isNull() || doc.isEmpty()) {
        continue;
      }
      String kind = doc.path("kind").asText();
      Class<? extends HasMetadata> type = KINDS.get(kind);
      assertThat(type).as("a model class for kind " + kind).isNotNull();
      HasMetadata r = STRICT.treeToValue(doc, type);
      assertThat(r.getApiVersion()).isEqualTo(doc.path("apiVersion").asText());
      resources.add(r);
    }
    return resources;
  }

  private static <T extends HasMetadata> List<T> all(List<HasMetadata> resources, Class<T> type) {
    return resources.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static <T extends HasMetadata> T one(
      List<HasMetadata> resources, Class<T> type, String name) {
    List<T> found =
        all(resources, type).stream().filter(r -> name.equals(r.getMetadata().getName())).toList();
    assertThat(found).as(type.getSimpleName() + " " + name).hasSize(1);
    return found.get(0);
  }

  private static Container container(Deployment d) {
    List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).as(name(d)).hasSize(1);
    return containers.get(0);
  }

  private static ContainerPort containerPort(Container c, IntOrString port) {
    return c.getPorts().stream()
        .filter(
            p ->
                port.getStrVal() != null
                    ? port.getStrVal().equals(p.getName())
                    : port.getIntVal().equals(p.getContainerPort()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(c.getName() + " has no port " + port));
  }

  private static boolean selects(Map<String, String> selector, Deployment d) {
    return matches(selector, d.getSpec().getTemplate().getMetadata().getLabels());
  }

  private static boolean matches(Map<String, String> selector, Map<String, String> labels) {
    return selector != null
        && !selector.isEmpty()
        && labels != null
        && labels.entrySet().containsAll(selector.entrySet());
  }

  private static String name(HasMetadata r) {
    return r.getKind() + " " + r.getMetadata().getName();
  }
}
