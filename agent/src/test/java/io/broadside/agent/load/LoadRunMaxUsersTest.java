package io.broadside.agent.load;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.broadside.agent.client.SecretSources;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An agent refuses to prepare a share of users beyond its --max-users, whatever it is told. */
class LoadRunMaxUsersTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void aShareOverTheMaximumIsRefused() {
    String plan =
        """
        name: too-many
        target: {protocol: openai-chat, url: http://127.0.0.1:9}
        models: [m]
        load: {mode: closed, stages: [{duration: 1s, users: 10}, {duration: 1s, users: 50}]}
        """;
    // two equal agents: this one (index 1) would hold 25 of the peak of 50
    assertThatThrownBy(
            () ->
                LoadRun.prepare(
                        vertx,
                        "r1",
                        plan,
                        null,
                        1,
                        new double[] {1, 1},
                        1,
                        null,
                        SecretSources.DEFAULT,
                        20)
                    .await(20, TimeUnit.SECONDS))
        .hasMessageContaining("25 users")
        .hasMessageContaining("--max-users 20");
  }
}
