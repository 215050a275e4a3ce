package io.broadside.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

/** The fixture itself: a blocked event loop must fail the test that caused it. */
class TestVertxTest {

  @Test
  void blockedEventLoopFailsTheTest() {
    TestVertx test = TestVertx.start();

    TestVertx.await(
        test.onClientContext(
            () -> {
              long end = System.nanoTime() + 1_300_000_000L;
              while (System.nanoTime() < end) {
                Thread.onSpinWait();
              }
              return Future.succeededFuture();
            }));

    assertThat(test.blockedThreadWarnings()).isNotEmpty();
    assertThatThrownBy(test::close).hasMessageContaining("blocked-thread warnings");
  }
}
