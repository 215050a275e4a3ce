package io.broadside.simulator.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.broadside.simulator.token.PromptBlocks;
import io.broadside.simulator.token.WordTokenizer;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * Reads a {@code /v1/completions} or {@code /v1/chat/completions} body into a {@link
 * GenerationRequest}. The prompt is {@code prompt} (a string, strings, or token ids) or the {@code
 * content} of every chat message (a string or text parts); the output length is {@code
 * max_completion_tokens}, else {@code max_tokens}, else 16. Stateless and thread-safe.
 */
final class GenerationRequestParser {
  static final int DEFAULT_MAX_TOKENS = 16;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final int blockTokens;

  /** A parser that hashes no prompt blocks (no prefix cache). */
  GenerationRequestParser() {
    this(0);
  }

  /**
   * @param blockTokens the prefix cache's block size, to hash each prompt's blocks; 0: none
   */
  GenerationRequestParser(int blockTokens) {
    this.blockTokens = blockTokens;
  }

  GenerationRequest parse(Endpoint endpoint, Buffer body) throws BadRequestException {
    JsonNode root;
    try {
      root = MAPPER.readTree(body.getBytes());
    } catch (JsonProcessingException e) {
      throw new BadRequestException("the body is not valid JSON: " + e.getOriginalMessage(), null);
    } catch (IOException e) {
      throw new BadRequestException("the body cannot be read: " + e.getMessage(), null);
    }
    if (root == null || !root.isObject()) {
      throw new BadRequestException("the body must be a JSON object", null);
    }
    String model = text(root, "model");
    PromptBlocks blocks = blockTokens > 0 ? new PromptBlocks(blockTokens) : null;
    int promptTokens =
        endpoint == Endpoint.CHAT ? chatPromptTokens(root, blocks) : promptTokens(root, blocks);
    JsonNode streamOptions = root.path("stream_options");
    return new GenerationRequest(
        model,
        promptTokens,
        maxTokens(root),
        bool(root, "stream"),
        bool(streamOptions, "include_usage"),
        bool(streamOptions, "continuous_usage_stats"),
        endpoint == Endpoint.CHAT ? tool(root) : null,
        blocks == null ? null : blocks.hashes(),
        0);
  }

  /** The first offered tool's function name, unless tool_choice is none; else null. */
  private static String tool(JsonNode root) {
    JsonNode tools = root.path("tools");
    if (!tools.isArray() || tools.isEmpty() || "none".equals(root.path("tool_choice").asText())) {
      return null;
    }
    JsonNode chosen = root.path("tool_choice").path("function").path("name");
    if (chosen.isTextual()) {
      return chosen.asText();
    }
    JsonNode name = tools.get(0).path("function").path("name");
    return name.isTextual() ? name.asText() : "tool";
  }

  private static int promptTokens(JsonNode root, PromptBlocks blocks) throws BadRequestException {
    JsonNode prompt = root.get("prompt");
    if (prompt == null || prompt.isNull()) {
      throw new BadRequestException("'prompt' is required", "prompt");
    }
    return countPrompt(prompt, blocks);
  }

  private static int countPrompt(JsonNode prompt, PromptBlocks blocks) throws BadRequestException {
    if (prompt.isTextual()) {
      return words(prompt.textValue(), blocks);
    }
    if (prompt.isIntegralNumber()) {
      return 1;
    }
    if (prompt.isArray()) {
      int tokens = 0;
      for (JsonNode part : prompt) {
        tokens += countPrompt(part, blocks);
      }
      return tokens;
    }
    throw new BadRequestException("'prompt' must be a string, strings or token ids", "prompt");
  }

  private static int words(String text, PromptBlocks blocks) {
    if (blocks != null) {
      blocks.add(text);
    }
    return WordTokenizer.count(text);
  }

  private static int chatPromptTokens(JsonNode root, PromptBlocks blocks)
      throws BadRequestException {
    JsonNode messages = root.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw new BadRequestException("'messages' must be a non-empty array", "messages");
    }
    int tokens = 0;
    for (JsonNode message : messages) {
      JsonNode content = message.path("content");
      if (content.isTextual()) {
        tokens += words(content.textValue(), blocks);
      } else if (content.isArray()) {
        for (JsonNode part : content) {
          tokens += words(part.path("text").asText(""), blocks);
        }
      }
    }
    return tokens;
  }

  private static int maxTokens(JsonNode root) throws BadRequestException {
    for (String field : new String[] {"max_completion_tokens", "max_tokens"}) {
      JsonNode value = root.get(field);
      if (value == null || value.isNull()) {
        continue;
      }
      if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < 1) {
        throw new BadRequestException("'" + field + "' must be a positive integer", field);
      }
      return value.intValue();
    }
    return DEFAULT_MAX_TOKENS;
  }

  private static String text(JsonNode node, String field) throws BadRequestException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new BadRequestException("'" + field + "' must be a string", field);
    }
    return value.textValue();
  }

  private static boolean bool(JsonNode node, String field) throws BadRequestException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new BadRequestException("'" + field + "' must be true or false", field);
    }
    return value.booleanValue();
  }
}
