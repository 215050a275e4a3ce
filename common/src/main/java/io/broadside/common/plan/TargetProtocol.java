package io.broadside.common.plan;

import java.util.Arrays;
import java.util.Optional;

/** The wire protocol a target speaks; {@link #wireName()} is the plan's spelling. */
public enum TargetProtocol {
  OPENAI_CHAT("openai-chat"),
  OPENAI_COMPLETIONS("openai-completions");

  private final String wireName;

  TargetProtocol(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<TargetProtocol> fromWireName(String text) {
    return Arrays.stream(values()).filter(p -> p.wireName.equals(text)).findFirst();
  }
}
