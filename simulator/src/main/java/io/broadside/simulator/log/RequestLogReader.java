package io.broadside.simulator.log;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a request log written by a {@link Simulator} (after {@link Simulator#close()} completed,
 * every request it finished is there). Blocking: for tests and tools, never on an event loop.
 */
public final class RequestLogReader {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private RequestLogReader() {}

  /**
   * Returns the entries in the order they were written (the order requests finished).
   *
   * @throws UncheckedIOException when the file cannot be read or a line is not an entry
   */
  public static List<RequestLogEntry> read(Path log) {
    try {
      List<RequestLogEntry> entries = new ArrayList<>();
      for (String line : Files.readAllLines(log)) {
        if (!line.isBlank()) {
          entries.add(MAPPER.readValue(line, RequestLogEntry.class));
        }
      }
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read request log " + log, e);
    }
  }
}
