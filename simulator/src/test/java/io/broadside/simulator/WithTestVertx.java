package io.broadside.simulator;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Tests against a real simulator: a fresh {@link TestVertx} and a temporary folder per test. */
abstract class WithTestVertx {
  @TempDir Path dir;
  TestVertx test;

  @BeforeEach
  void startVertx() {
    test = TestVertx.start();
  }

  @AfterEach
  void closeVertx() {
    test.close();
  }
}
