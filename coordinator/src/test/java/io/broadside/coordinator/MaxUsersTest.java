package io.broadside.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.broadside.common.shard.Shares;
import io.broadside.protocol.AgentServiceGrpc;
import io.broadside.protocol.v1.CoordinatorMessage;
import io.broadside.testing.NoBlockedEventLoops;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each agent's --max-users, as it says in its hello, bounds its share: the coordinator shares users
 * so that none gets more, and fails a run its agents cannot hold together without telling them.
 */
@ExtendWith(NoBlockedEventLoops.class)
class MaxUsersTest {
  private static final String PLAN =
      """
      name: max-users
      target: {protocol: openai-chat, url: http://127.0.0.1:9}
      models: [m]
      load: {mode: closed, stages: [{duration: 1s, users: 30}, {duration: 1s, users: %d}]}
      """;

  @TempDir Path dir;
  Vertx vertx;
  Coordinator coordinator;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    coordinator =
        LocalCoordinators.deploy(
            vertx, CoordinatorConfig.defaults().withDataDir(dir.resolve("runs")));
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private String launch(int peak) {
    var created =
        LocalCoordinators.launch(WebClient.create(vertx), coordinator, PLAN.formatted(peak));
    assertThat(created.statusCode()).isEqualTo(201);
    return created.bodyAsJsonObject().getString("id");
  }

  @Test
  void noAgentIsGivenMoreUsersThanItHolds() throws Exception {
    ScriptedAgent small = new ScriptedAgent(vertx, coordinator.grpcPort());
    ScriptedAgent big = new ScriptedAgent(vertx, coordinator.grpcPort());
    assertThat(
            small.hello("small", AgentServiceGrpc.PROTOCOL_VERSION, 10).getWelcome().getAccepted())
        .isTrue();
    assertThat(big.hello("big", AgentServiceGrpc.PROTOCOL_VERSION, 100).getWelcome().getAccepted())
        .isTrue();

    // equal cores would give each 25 of 50: the small one holds 10
    launch(50);
    CoordinatorMessage prepare = small.next();
    big.next();
    double[] weights =
        prepare.getPrepare().getWeightsList().stream().mapToDouble(Double::doubleValue).toArray();
    int smallIndex = prepare.getPrepare().getAgentIndex();
    for (int users : new int[] {50, 30, 7}) {
      int[] shares = Shares.largestRemainder(users, weights);
      assertThat(shares[smallIndex]).as("of %d", users).isLessThanOrEqualTo(10);
      assertThat(shares[1 - smallIndex]).isLessThanOrEqualTo(100);
      assertThat(shares[0] + shares[1]).isEqualTo(users);
    }
    assertThat(Shares.largestRemainder(50, weights)[smallIndex]).isEqualTo(10);
  }

  @Test
  void aRunTheAgentsCannotHoldFailsBeforeAnyIsTold() throws Exception {
    ScriptedAgent a = new ScriptedAgent(vertx, coordinator.grpcPort());
    ScriptedAgent b = new ScriptedAgent(vertx, coordinator.grpcPort());
    a.hello("a", AgentServiceGrpc.PROTOCOL_VERSION, 10);
    b.hello("b", AgentServiceGrpc.PROTOCOL_VERSION, 20);
    String id = launch(31);
    var web = WebClient.create(vertx);
    var run = web.get(coordinator.httpPort(), "127.0.0.1", "/api/v1/runs/" + id).send().await();
    for (int i = 0; i < 50 && !run.bodyAsJsonObject().getString("status").equals("failed"); i++) {
      Thread.sleep(100);
      run = web.get(coordinator.httpPort(), "127.0.0.1", "/api/v1/runs/" + id).send().await();
    }
    assertThat(run.bodyAsJsonObject().getString("status")).isEqualTo("failed");
    assertThat(run.bodyAsJsonObject().getString("error"))
        .contains("31 users")
        .contains("hold 30")
        .contains("--max-users");
    // and the agents are free: a run they can hold starts preparing on both
    launch(30);
    assertThat(a.next().hasPrepare()).isTrue();
    assertThat(b.next().hasPrepare()).isTrue();
  }
}
