package io.broadside.common.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the sections of {@code $.target} that belong to one protocol — {@code sagemaker}, {@code
 * request} (the {@code http} template) and {@code tensors} (KServe) — each refused with a clear
 * message on another protocol.
 */
final class ProtocolSectionsReader {
  static final Set<String> SAGEMAKER_KEYS =
      Fields.keys("endpoint", "route", "customAttributes", "coldStartAbove");
  static final Set<String> REQUEST_KEYS =
      Fields.keys("method", "path", "body", "outputTokens", "outputText");
  static final Set<String> TENSOR_KEYS =
      Fields.keys("name", "shape", "datatype", "fill", "file", "images");
  static final Set<String> DATATYPES =
      Set.of(
          "BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16",
          "FP32", "FP64", "BYTES");

  private static final Pattern ENDPOINT_NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9])*");

  private ProtocolSectionsReader() {}

  /** {@code sagemaker}, or null if absent, misplaced or bad (reported). */
  static SageMaker sagemaker(Fields target, TargetProtocol protocol) {
    return belongs(target, protocol, TargetProtocol.SAGEMAKER, "sagemaker")
        ? sagemaker(target)
        : null;
  }

  /** {@code request}, or null if absent, misplaced or bad (reported). */
  static HttpTemplate template(Fields target, TargetProtocol protocol) {
    return belongs(target, protocol, TargetProtocol.HTTP, "request") ? template(target) : null;
  }

  /** Whether {@code key} is present and on its {@code owner}'s protocol (else reported). */
  private static boolean belongs(
      Fields target, TargetProtocol protocol, TargetProtocol owner, String key) {
    if (!target.has(key)) {
      return false;
    }
    if (protocol != null && protocol != owner) {
      target.forbid(
          key, "belongs to protocol " + owner.wireName() + ", not " + protocol.wireName());
      return false;
    }
    return true;
  }

  private static SageMaker sagemaker(Fields target) {
    Fields sm = target.object("sagemaker", SAGEMAKER_KEYS, Map.of());
    if (sm == null) {
      return null;
    }
    String endpoint = sm.required("endpoint", sm::text);
    if (endpoint != null
        && (!ENDPOINT_NAME.matcher(endpoint).matches() || endpoint.length() > 63)) {
      sm.problem(
          "endpoint",
          "must be a SageMaker endpoint name (letters, digits and hyphens, up to 63), was '"
              + endpoint
              + "'");
      endpoint = null;
    }
    SageMaker.Route route = sm.choice("route", SageMaker.Route.class);
    String attributes = sm.text("customAttributes");
    if (attributes != null
        && (attributes.length() > 1024
            || !attributes.chars().allMatch(c -> c >= 0x20 && c < 0x7f))) {
      sm.problem("customAttributes", "must be at most 1024 visible ASCII characters");
    }
    Duration coldAbove = sm.duration("coldStartAbove", true);
    return endpoint == null
        ? null
        : new SageMaker(
            endpoint,
            Objects.requireNonNullElse(route, SageMaker.Route.NONE),
            attributes,
            coldAbove);
  }

  private static HttpTemplate template(Fields target) {
    Fields request = target.object("request", REQUEST_KEYS, Map.of());
    if (request == null) {
      return null;
    }
    String method = request.text("method");
    String path = request.required("path", request::text);
    if (path != null && !path.startsWith("/")) {
      request.problem("path", "must start with '/', was '" + path + "'");
    }
    JsonNode bodyNode = request.get("body");
    String body = null;
    if (bodyNode == null) {
      request.problem("body", "is required");
    } else {
      body = bodyNode.isTextual() ? bodyNode.textValue() : bodyNode.toString();
    }
    String tokens = pointer(request, "outputTokens");
    String text = pointer(request, "outputText");
    if (tokens == null && text == null && request.problems().count() == 0) {
      request
          .problems()
          .add(request.path(), "must give outputTokens or outputText (JSON pointers)");
    }
    return new HttpTemplate(
        Objects.requireNonNullElse(method, "POST").toUpperCase(Locale.ROOT),
        path,
        body,
        tokens,
        text);
  }

  private static String pointer(Fields fields, String key) {
    String text = fields.text(key);
    if (text != null && !text.startsWith("/")) {
      fields.problem(
          key, "must be a JSON pointer such as /details/generated_tokens, was '" + text + "'");
      return null;
    }
    return text;
  }

  /** {@code tensors}: required by the KServe protocols, refused by the others. */
  static List<Tensor> tensors(Fields target, TargetProtocol protocol, PlanFiles planFiles) {
    List<JsonNode> elements = target.list("tensors");
    boolean kserve =
        protocol == TargetProtocol.KSERVE_V1
            || protocol == TargetProtocol.KSERVE_V2
            || protocol == TargetProtocol.KSERVE_V2_GRPC;
    if (elements == null) {
      if (kserve) {
        target.problem("tensors", "is required for protocol " + protocol.wireName());
      }
      return List.of();
    }
    if (protocol != null && !kserve) {
      target.forbid("tensors", "belongs to the KServe protocols, not " + protocol.wireName());
      return List.of();
    }
    if (elements.isEmpty()) {
      target.problem("tensors", "must list at least one tensor, was []");
    }
    List<Tensor> tensors = new ArrayList<>();
    int imageTensors = 0;
    for (int i = 0; i < elements.size(); i++) {
      String path = PlanPath.index(target.pathOf("tensors"), i);
      Fields t = Fields.of(elements.get(i), path, TENSOR_KEYS, Map.of(), target.problems());
      if (t == null) {
        continue;
      }
      String name = t.required("name", t::text);
      List<Long> shape = shape(t);
      String datatype = t.required("datatype", t::text);
      if (datatype != null && !DATATYPES.contains(datatype)) {
        t.problem(
            "datatype",
            "must be one of "
                + String.join(", ", DATATYPES.stream().sorted().toList())
                + ", was '"
                + datatype
                + "'");
        datatype = null;
      }
      Tensor.Fill fill =
          Objects.requireNonNullElse(t.choice("fill", Tensor.Fill.class), Tensor.Fill.RANDOM);
      Path file = t.has("file") ? t.existingFile("file", planFiles) : null;
      if (fill == Tensor.Fill.FILE && !t.has("file")) {
        t.problem("file", "is required with fill: file");
      }
      List<Path> images = List.of();
      if (fill == Tensor.Fill.IMAGES) {
        images = images(t, protocol, planFiles, datatype, shape, imageTensors++);
      } else {
        t.forbid("images", "is read only with fill: images");
      }
      if (name != null && shape != null && datatype != null) {
        tensors.add(new Tensor(name, shape, datatype, fill, file, images));
      }
    }
    return tensors;
  }

  /** A tensor's images: one such tensor per target, on the V2 protocols only. */
  private static List<Path> images(
      Fields t,
      TargetProtocol protocol,
      PlanFiles planFiles,
      String datatype,
      List<Long> shape,
      int earlier) {
    if (protocol == TargetProtocol.KSERVE_V1) {
      t.problem(
          "fill",
          "images are sent by protocols kserve-v2 and kserve-v2-grpc, not kserve-v1, was 'images'");
      return List.of();
    }
    if (earlier > 0) {
      t.problem("fill", "images may fill one tensor of a target, and an earlier one has them");
      return List.of();
    }
    return TensorImagesReader.read(t, planFiles, datatype, shape);
  }

  private static List<Long> shape(Fields t) {
    List<JsonNode> dims = t.required("shape", t::list);
    if (dims == null) {
      return null;
    }
    List<Long> shape = new ArrayList<>();
    for (JsonNode d : dims) {
      if (!d.isIntegralNumber() || d.longValue() < 1) {
        t.problem(
            "shape",
            "must be a list of positive whole numbers, was " + Fields.quote(t.get("shape")));
        return null;
      }
      shape.add(d.longValue());
    }
    if (shape.isEmpty()) {
      t.problem("shape", "must have at least one dimension, was []");
      return null;
    }
    return shape;
  }
}
