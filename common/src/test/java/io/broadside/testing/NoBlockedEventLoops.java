package io.broadside.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * Fails a test during which Vert.x reported a blocked event loop:
 * {@code @ExtendWith(NoBlockedEventLoops.class)}.
 */
public final class NoBlockedEventLoops implements BeforeEachCallback, AfterEachCallback {
  private static final Namespace NAMESPACE = Namespace.create(NoBlockedEventLoops.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getStore(NAMESPACE).put("watch", BlockedThreadWatch.install());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    BlockedThreadWatch watch =
        context.getStore(NAMESPACE).remove("watch", BlockedThreadWatch.class);
    watch.close();
    assertThat(watch.warnings()).as("Vert.x blocked-thread warnings").isEmpty();
  }
}
