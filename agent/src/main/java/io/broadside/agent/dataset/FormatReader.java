package io.broadside.agent.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import io.broadside.common.plan.MaxTokensFrom;
import java.util.List;

/** Reads the entries of one dataset format. */
interface FormatReader {
  /**
   * The prompt of one entry (a JSON object of this format's shape), or null with its problems added
   * to {@code problems}, each starting with {@code at} ({@code file:line: }).
   */
  Prompt read(JsonNode node, String at, List<String> problems, MaxTokensFrom from);
}
