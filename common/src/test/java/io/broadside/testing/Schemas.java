package io.broadside.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The checked-in JSON Schemas, loaded from the classpath, and a validator over them. */
public final class Schemas {
  public static final String PLAN = "/schema/plan.schema.json";
  public static final String SUMMARY = "/schema/summary.schema.json";

  private static final ObjectMapper YAML = new YAMLMapper();
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  private Schemas() {}

  /** The schema document itself, as a tree. */
  public static JsonNode tree(String resource) {
    try (InputStream in = Schemas.class.getResourceAsStream(resource)) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schema's messages for {@code document} (YAML or JSON text); empty when it conforms. */
  public static List<String> violations(String resource, String document) {
    JsonSchema schema = FACTORY.getSchema(tree(resource));
    try {
      return schema.validate(YAML.readTree(document)).stream()
          .map(ValidationMessage::getMessage)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
