package io.broadside.agent.client.kit;

import io.broadside.common.plan.HttpTemplate;
import io.broadside.common.plan.TargetProtocol;
import io.broadside.simulator.config.Family;

/** Any JSON endpoint from a template: here TGI's {@code /generate}, N read by a JSON pointer. */
class HttpTemplateKitTest extends TargetCompatibilityKit {
  @Override
  Family family() {
    return Family.TGI;
  }

  @Override
  TargetProtocol protocol() {
    return TargetProtocol.HTTP;
  }

  @Override
  HttpTemplate template() {
    return new HttpTemplate(
        "POST",
        "/generate",
        "{\"inputs\": \"{{prompt}}\", \"model\": \"{{model}}\","
            + " \"parameters\": {\"max_new_tokens\": {{maxTokens}}, \"details\": true}}",
        "/details/generated_tokens",
        "/generated_text");
  }

  @Override
  String errorClass() {
    return "http_424";
  }

  @Override
  boolean routesModels() {
    return false;
  }
}
