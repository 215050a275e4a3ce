package io.broadside.agent.client.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.broadside.agent.client.ExchangeListener.Usage;
import java.io.IOException;

/**
 * Reads an OpenAI response object or stream chunk with a streaming JSON parser, building no tree:
 * whether it has choices, whether its first choice carries output (a token-bearing chunk: non-empty
 * {@code delta.content}, {@code message.content} or {@code text}, or a tool call's non-empty {@code
 * function.arguments} fragment in {@code delta.tool_calls}), its usage, and whether it is an error
 * object. Thread-safe.
 */
final class OpenAiChunks {
  private static final JsonFactory JSON = new JsonFactory();

  private OpenAiChunks() {}

  /**
   * What a chunk says.
   *
   * @param tokens 1 for a token-bearing chunk, else 0 (streams carry one token per chunk)
   * @param usage nullable
   */
  record Chunk(boolean hasChoices, int tokens, Usage usage, boolean error) {}

  /** Scans one JSON object; a malformed one is an {@link IOException}. */
  static Chunk scan(String json) throws IOException {
    try (JsonParser p = JSON.createParser(json)) {
      return scan(p);
    }
  }

  /** Scans one JSON object in UTF-8 bytes (a whole body), without decoding it to a string first. */
  static Chunk scan(byte[] utf8) throws IOException {
    try (JsonParser p = JSON.createParser(utf8)) {
      return scan(p);
    }
  }

  private static Chunk scan(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new IOException("not a JSON object");
    }
    boolean hasChoices = false;
    int tokens = 0;
    Usage usage = null;
    boolean error = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      if ("choices".equals(name) && t == JsonToken.START_ARRAY) {
        if (p.nextToken() == JsonToken.START_OBJECT) {
          hasChoices = true;
          tokens = choice(p);
          while (p.nextToken() != JsonToken.END_ARRAY) {
            p.skipChildren();
          }
        }
      } else if ("usage".equals(name) && t == JsonToken.START_OBJECT) {
        usage = usage(p);
      } else {
        error |= "error".equals(name) && t != JsonToken.VALUE_NULL;
        p.skipChildren();
      }
    }
    return new Chunk(hasChoices, tokens, usage, error);
  }

  /** At the first choice's START_OBJECT; leaves the parser at its END_OBJECT. */
  private static int choice(JsonParser p) throws IOException {
    int tokens = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      if (("delta".equals(name) || "message".equals(name)) && t == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken v = p.nextToken();
          if ("content".equals(field) && v == JsonToken.VALUE_STRING && p.getTextLength() > 0) {
            tokens = 1;
          } else if ("tool_calls".equals(field) && v == JsonToken.START_ARRAY) {
            // a streamed tool call's argument fragment is output like content (the first chunk
            // of a call, its id and name with empty arguments, carries none)
            tokens = Math.max(tokens, toolCalls(p));
          } else {
            p.skipChildren();
          }
        }
      } else if ("text".equals(name) && t == JsonToken.VALUE_STRING && p.getTextLength() > 0) {
        tokens = 1;
      } else {
        p.skipChildren();
      }
    }
    return tokens;
  }

  /** At a {@code tool_calls} START_ARRAY: 1 when a call's arguments are non-empty; at END_ARRAY. */
  private static int toolCalls(JsonParser p) throws IOException {
    int tokens = 0;
    JsonToken element;
    while ((element = p.nextToken()) != JsonToken.END_ARRAY && element != null) {
      if (element != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if ("function".equals(name) && t == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if ("arguments".equals(field) && v == JsonToken.VALUE_STRING && p.getTextLength() > 0) {
              tokens = 1;
            } else {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
    }
    return tokens;
  }

  private static Usage usage(JsonParser p) throws IOException {
    int prompt = -1;
    int completion = -1;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_NUMBER_INT && "prompt_tokens".equals(name)) {
        prompt = p.getIntValue();
      } else if (t == JsonToken.VALUE_NUMBER_INT && "completion_tokens".equals(name)) {
        completion = p.getIntValue();
      } else {
        p.skipChildren();
      }
    }
    return completion < 0 ? null : new Usage(prompt, completion);
  }
}
