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

  /** {@link Chunk#think()}: the content holds {@code <think>}. */
  static final int THINK_OPENS = 1;

  /** {@link Chunk#think()}: the content holds {@code </think>}. */
  static final int THINK_CLOSES = 2;

  /** {@link Chunk#think()}: the content has text after its {@code </think>}. */
  static final int TEXT_AFTER_THINK = 4;

  /**
   * What a chunk says.
   *
   * @param tokens 1 for a token-bearing chunk, else 0 (streams carry one token per chunk)
   * @param usage nullable
   * @param reasoning the token-bearing chunk's output is reasoning ({@code reasoning_content} or
   *     {@code reasoning}), not content
   * @param think the content's {@code <think>} tags: {@link #THINK_OPENS}, {@link #THINK_CLOSES},
   *     {@link #TEXT_AFTER_THINK}, or 0
   */
  record Chunk(
      boolean hasChoices, int tokens, Usage usage, boolean error, boolean reasoning, int think) {
    Chunk(boolean hasChoices, int tokens, Usage usage, boolean error) {
      this(hasChoices, tokens, usage, error, false, 0);
    }
  }

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
    Choice choice = NOTHING;
    Usage usage = null;
    boolean error = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      if ("choices".equals(name) && t == JsonToken.START_ARRAY) {
        if (p.nextToken() == JsonToken.START_OBJECT) {
          hasChoices = true;
          choice = choice(p);
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
    return new Chunk(hasChoices, choice.tokens, usage, error, choice.reasoning, choice.think);
  }

  /** What the first choice carries. */
  private record Choice(int tokens, boolean reasoning, int think) {}

  private static final Choice NOTHING = new Choice(0, false, 0);

  /** At the first choice's START_OBJECT; leaves the parser at its END_OBJECT. */
  private static Choice choice(JsonParser p) throws IOException {
    int tokens = 0;
    boolean content = false;
    boolean reasoning = false;
    int think = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      if (("delta".equals(name) || "message".equals(name)) && t == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken v = p.nextToken();
          if ("content".equals(field) && v == JsonToken.VALUE_STRING && p.getTextLength() > 0) {
            tokens = 1;
            content = true;
            think = think(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
          } else if (("reasoning_content".equals(field) || "reasoning".equals(field))
              && v == JsonToken.VALUE_STRING
              && p.getTextLength() > 0) {
            tokens = 1;
            reasoning = true;
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
        content = true;
        think = think(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
      } else {
        p.skipChildren();
      }
    }
    // a chunk with both is answer when its content is (a reasoning field beside an answer is rare)
    return tokens == 0 ? NOTHING : new Choice(tokens, reasoning && !content, think);
  }

  private static final char[] OPEN = "<think>".toCharArray();
  private static final char[] CLOSE = "</think>".toCharArray();

  /** The {@code <think>} tags in a content fragment, as {@link Chunk#think()} says them. */
  static int think(char[] text, int offset, int length) {
    int end = offset + length;
    int flags = 0;
    for (int i = offset; i < end; i++) {
      if (text[i] != '<') {
        continue;
      }
      if (at(text, i, end, OPEN)) {
        flags |= THINK_OPENS;
      } else if (at(text, i, end, CLOSE)) {
        flags |= THINK_CLOSES;
        for (int j = i + CLOSE.length; j < end; j++) {
          if (!Character.isWhitespace(text[j])) {
            flags |= TEXT_AFTER_THINK;
            break;
          }
        }
        return flags;
      }
    }
    return flags;
  }

  private static boolean at(char[] text, int i, int end, char[] tag) {
    if (end - i < tag.length) {
      return false;
    }
    for (int k = 0; k < tag.length; k++) {
      if (text[i + k] != tag[k]) {
        return false;
      }
    }
    return true;
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

  /**
   * At a usage START_OBJECT (chat and completions: {@code prompt_tokens}, {@code
   * completion_tokens}; the Responses API: {@code input_tokens}, {@code output_tokens}), with the
   * cached prompt tokens and the reasoning tokens of their {@code …_details} when given; at its
   * END_OBJECT. Null without an output count.
   */
  static Usage usage(JsonParser p) throws IOException {
    int prompt = -1;
    int completion = -1;
    int cached = -1;
    int reasoning = -1;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_NUMBER_INT
          && ("prompt_tokens".equals(name) || "input_tokens".equals(name))) {
        prompt = p.getIntValue();
      } else if (t == JsonToken.VALUE_NUMBER_INT
          && ("completion_tokens".equals(name) || "output_tokens".equals(name))) {
        completion = p.getIntValue();
      } else if (t == JsonToken.START_OBJECT
          && ("prompt_tokens_details".equals(name) || "input_tokens_details".equals(name))) {
        cached = detail(p, "cached_tokens");
      } else if (t == JsonToken.START_OBJECT
          && ("completion_tokens_details".equals(name) || "output_tokens_details".equals(name))) {
        reasoning = detail(p, "reasoning_tokens");
      } else {
        p.skipChildren();
      }
    }
    return completion < 0 ? null : new Usage(prompt, completion, cached, reasoning);
  }

  /** At a details START_OBJECT: its integer {@code field}, or -1; at its END_OBJECT. */
  private static int detail(JsonParser p, String field) throws IOException {
    int value = -1;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_NUMBER_INT && field.equals(name)) {
        value = p.getIntValue();
      } else {
        p.skipChildren();
      }
    }
    return value;
  }
}
