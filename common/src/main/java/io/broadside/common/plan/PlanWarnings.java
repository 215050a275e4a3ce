package io.broadside.common.plan;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What is valid in a plan but almost surely not meant: a target URL that already ends with the path
 * Broadside adds for its protocol (every request would go to {@code …/v1/chat/completions/v1/chat/
 * completions} and fail with 404). Told by {@code validate}, {@code run} and {@code POST
 * /api/v1/validate}; never refused.
 */
public final class PlanWarnings {
  private PlanWarnings() {}

  /** The warnings of a valid plan, each with its JSON path. */
  public static List<Problem> of(Plan plan) {
    List<Problem> out = new ArrayList<>();
    url("$.target.url", plan.target().url(), plan.target().protocol(), out);
    for (int i = 0; i < plan.models().size(); i++) {
      url("$.models[" + i + "].url", plan.models().get(i).url(), plan.target().protocol(), out);
    }
    return out;
  }

  private static void url(String path, URI url, TargetProtocol protocol, List<Problem> out) {
    if (url == null || url.getPath() == null) {
      return;
    }
    String p = url.getPath().toLowerCase(Locale.ROOT);
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    String added =
        switch (protocol) {
          case OPENAI_CHAT -> p.endsWith("/chat/completions") ? "/v1/chat/completions" : null;
          case OPENAI_COMPLETIONS -> p.endsWith("/completions") ? "/v1/completions" : null;
          case TGI ->
              p.endsWith("/generate") || p.endsWith("/generate_stream")
                  ? "/generate or /generate_stream"
                  : null;
          case KSERVE_V1 -> p.endsWith(":predict") ? "/v1/models/{model}:predict" : null;
          case KSERVE_V2 -> p.endsWith("/infer") ? "/v2/models/{model}/infer" : null;
          case TRITON_GENERATE ->
              p.endsWith("/generate") || p.endsWith("/generate_stream")
                  ? "/v2/models/{model}/generate"
                  : null;
          case OPENAI_RESPONSES -> p.endsWith("/responses") ? "/v1/responses" : null;
          case EMBEDDINGS -> p.endsWith("/embeddings") ? "/v1/embeddings" : null;
          case RERANK -> p.endsWith("/rerank") ? "/v1/rerank" : null;
          default -> null;
        };
    if (added != null) {
      out.add(
          new Problem(
              path,
              "ends with the path Broadside adds for "
                  + protocol.wireName()
                  + " ("
                  + added
                  + "): give the server's base URL ("
                  + url.getScheme()
                  + "://"
                  + url.getRawAuthority()
                  + "), or every request goes to the path twice"));
    }
  }
}
