package io.broadside.agent.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.broadside.common.plan.DatasetFormat;
import io.broadside.common.plan.FileDataset;
import io.broadside.common.plan.MaxTokensFrom;
import io.broadside.common.plan.Sampling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every shape of dataset file, each in a small file the test writes. */
class DatasetFileTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  private static FileDataset auto(Path file, MaxTokensFrom from) {
    return new FileDataset(file, DatasetFormat.AUTO, from, null, null, Sampling.SEQUENTIAL, 1);
  }

  private static List<Prompt> read(Path file, MaxTokensFrom from) {
    return PromptSource.load(auto(file, from)).prompts();
  }

  private static Map<String, String> msg(String role, String content) {
    return Map.of("role", role, "content", content);
  }

  @Test
  void broadsideEntriesKeepTheirPromptMessagesAndMaxTokens() throws Exception {
    Path file =
        write(
            "b.jsonl",
            """
            {"prompt": "tell me about  queues", "maxTokens": 9}

            {"messages": [{"role": "system", "content": "be brief"}, {"content": "why batch?"}]}
            """);

    List<Prompt> prompts = read(file, MaxTokensFrom.PLAN);

    assertThat(prompts)
        .containsExactly(
            new Prompt("tell me about  queues", null, 9, 4),
            new Prompt(
                "be brief\n\nwhy batch?",
                List.of(msg("system", "be brief"), msg("user", "why batch?")),
                null,
                4));
  }

  @Test
  void openOrcaIsASystemAndAUserMessageWithTheResponseAsOutputLength() throws Exception {
    Path file =
        write(
            "o.jsonl",
            """
            {"id": "a.1", "system_prompt": "You answer in one line.", "question": "Name a color.", "response": "Blue is one."}
            {"id": "a.2", "system_prompt": "", "question": "Count to three."}
            """);

    List<Prompt> fromDataset = read(file, MaxTokensFrom.DATASET);
    List<Prompt> fromPlan = read(file, MaxTokensFrom.PLAN);

    assertThat(fromDataset)
        .containsExactly(
            new Prompt(
                "You answer in one line.\n\nName a color.",
                List.of(msg("system", "You answer in one line."), msg("user", "Name a color.")),
                3,
                8),
            new Prompt("Count to three.", List.of(msg("user", "Count to three.")), null, 3));
    assertThat(fromPlan).extracting(Prompt::maxTokens).containsExactly(null, null);
  }

  @Test
  void shareGptTakesTheFirstHumanTurnAndTheFirstReplysLength() throws Exception {
    Path file =
        write(
            "s.json",
            """
            [
              {"id": "c1", "conversations": [
                {"from": "system", "value": "You are terse."},
                {"from": "human", "value": "What is a lane?"},
                {"from": "gpt", "value": "One event loop's share of the load."},
                {"from": "human", "value": "And a stage?"},
                {"from": "gpt", "value": "A step of the load shape."}
              ]},
              {"id": "c2", "conversations": [
                {"role": "user", "content": "Say hi"},
                {"role": "assistant", "content": "hi"}
              ]},
              {"id": "c3", "conversations": [{"from": "human", "value": "no reply yet"}]}
            ]
            """);

    List<Prompt> prompts = read(file, MaxTokensFrom.DATASET);

    assertThat(prompts)
        .containsExactly(
            new Prompt(
                    "You are terse.\n\nWhat is a lane?",
                    List.of(msg("system", "You are terse."), msg("user", "What is a lane?")),
                    7,
                    7)
                // and, for sessions, the whole conversation of its two questions
                .withConversation(
                    List.of(
                        msg("system", "You are terse."),
                        msg("user", "What is a lane?"),
                        msg("assistant", "One event loop's share of the load."),
                        msg("user", "And a stage?"),
                        msg("assistant", "A step of the load shape."))),
            new Prompt("Say hi", List.of(msg("user", "Say hi")), 1, 2),
            new Prompt("no reply yet", List.of(msg("user", "no reply yet")), null, 3));
  }

  @Test
  void llmLoadTestSkipsItsMetadataLineAndTakesOutputTokens() throws Exception {
    Path file =
        write(
            "l.jsonl",
            """
            {"name": "tiny set", "version": "0.1", "license": "CC0"}
            {"index": 0, "question": "Define latency.", "system_prompt": "Be exact.", "input_tokens": 5, "output_tokens": 40}
            {"index": 1, "question": "Define throughput.", "system_prompt": "", "input_tokens": 3, "output_tokens": 12}
            """);

    List<Prompt> prompts = read(file, MaxTokensFrom.DATASET);

    assertThat(prompts)
        .containsExactly(
            new Prompt(
                "Be exact.\n\nDefine latency.",
                List.of(msg("system", "Be exact."), msg("user", "Define latency.")),
                40,
                4),
            new Prompt("Define throughput.", List.of(msg("user", "Define throughput.")), 12, 2));
  }

  @Test
  void aForcedLlmLoadTestFormatKeepsAFirstLineThatIsAnEntry() throws Exception {
    Path file =
        write(
            "l2.jsonl",
            """
            {"index": 0, "question": "one two", "output_tokens": 3}
            {"index": 1, "question": "three", "output_tokens": 4}
            """);
    FileDataset dataset =
        new FileDataset(
            file,
            DatasetFormat.LLM_LOAD_TEST,
            MaxTokensFrom.DATASET,
            null,
            null,
            Sampling.RANDOM,
            1);

    assertThat(PromptSource.load(dataset).prompts())
        .extracting(Prompt::maxTokens)
        .containsExactly(3, 4);
  }

  @Test
  void inputFiltersKeepEntriesByWordCount() throws Exception {
    Path file =
        write(
            "f.jsonl",
            """
            {"prompt": "one"}
            {"prompt": "one two three"}
            {"prompt": "one two three four five six"}
            """);
    FileDataset dataset =
        new FileDataset(file, DatasetFormat.AUTO, MaxTokensFrom.PLAN, 2, 5, Sampling.SEQUENTIAL, 1);
    FileDataset none =
        new FileDataset(
            file, DatasetFormat.AUTO, MaxTokensFrom.PLAN, 10, null, Sampling.SEQUENTIAL, 1);

    assertThat(PromptSource.load(dataset).prompts())
        .extracting(Prompt::promptTokens)
        .containsExactly(3);
    assertThatThrownBy(() -> PromptSource.load(none))
        .isInstanceOf(DatasetException.class)
        .hasMessage(
            "f.jsonl: no entry has a prompt of at least 10 words (minInputTokens,"
                + " maxInputTokens), of 3 entries");
  }

  @Test
  void everyBadLineIsNamedByFileAndLine() throws Exception {
    Path file =
        write(
            "prompts.jsonl",
            """
            {"prompt": "fine"}
            {"prompt": 7}
            {"text": "no prompt here"}
            {"prompt": "ok", "maxTokens": 0}
            not json
            [1, 2]
            {"question": "an OpenOrca line"}
            {"messages": "hello"}
            {"prompt": "   "}
            """);

    assertThatThrownBy(() -> read(file, MaxTokensFrom.PLAN))
        .isInstanceOf(DatasetException.class)
        .hasMessage(
            // the file's name and line numbers; of its text, numbers only
            "dataset prompts.jsonl has 8 problems: "
                + "prompts.jsonl:2: prompt must be a string, was 7; "
                + "prompts.jsonl:3: has neither prompt, messages, question nor conversations"
                + " (recognized as broadside from line 1); "
                + "prompts.jsonl:4: maxTokens must be a positive whole number, was 0; "
                + "prompts.jsonl:5: is not valid JSON: Unrecognized token '…'; "
                + "prompts.jsonl:6: must be a JSON object, was a list; "
                + "prompts.jsonl:7: is an OpenOrca entry (question) but the file is broadside"
                + " (recognized as broadside from line 1); a file holds one format; "
                + "prompts.jsonl:8: messages must be a non-empty list of {role, content}, was"
                + " a string; "
                + "prompts.jsonl:9: prompt is empty");
  }

  @Test
  void badShareGptAndOpenOrcaEntriesAreNamedByLine() throws Exception {
    Path share =
        write(
            "s.jsonl",
            """
            {"conversations": [{"from": "gpt", "value": "hello"}]}
            {"conversations": [{"from": "robot", "value": "beep"}]}
            {"conversations": []}
            """);
    Path orca =
        write(
            "o.json",
            """
            [
              {"question": "fine"},
              {"question": "", "system_prompt": "s"},
              {"question": "q", "response": 3}
            ]
            """);

    assertThatThrownBy(() -> read(share, MaxTokensFrom.PLAN))
        .hasMessageContaining("s.jsonl:1: conversations has no human turn")
        .hasMessageContaining(
            "s.jsonl:2: conversations[0].from must be human, gpt or system (or user, assistant)")
        .hasMessageContaining(
            "s.jsonl:3: conversations must be a non-empty list of {from, value}, was []");
    assertThatThrownBy(() -> read(orca, MaxTokensFrom.PLAN))
        .hasMessageContaining("has 2 problems")
        .hasMessageContaining("o.json:3: question is empty")
        .hasMessageContaining("o.json:4: response must be a string, was 3");
  }

  @Test
  void anUnclosedJsonArrayOrAnEmptyFileIsAnError() throws Exception {
    Path open = write("open.json", "[\n  {\"prompt\": \"a\"},\n  {\"prompt\": \"b\"\n");
    Path empty = write("empty.jsonl", "\n\n");

    assertThatThrownBy(() -> read(open, MaxTokensFrom.PLAN))
        .isInstanceOf(DatasetException.class)
        .hasMessageContaining("open.json:")
        .hasMessageContaining("is not valid JSON");
    assertThatThrownBy(() -> read(empty, MaxTokensFrom.PLAN))
        .isInstanceOf(DatasetException.class)
        .hasMessage("empty.jsonl: has no entries");
  }

  @Test
  void manyProblemsAreCountedBeyondTheFirstTen() throws Exception {
    Path file = write("many.jsonl", "{\"prompt\": \"x\"}\n" + "{\"prompt\": 1}\n".repeat(14));

    assertThatThrownBy(() -> read(file, MaxTokensFrom.PLAN))
        .hasMessageContaining("has 14 problems")
        .hasMessageContaining("many.jsonl:11: prompt must be a string")
        .hasMessageNotContaining("many.jsonl:12:")
        .hasMessageEndingWith("; and 4 more");
  }
}
