package io.broadside.agent.client.protocols;

import io.broadside.agent.client.TargetClient;
import io.broadside.common.plan.Model;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The clients of one lane, by model: one per distinct base URL, the target's for models without a
 * {@code url} of their own (each KServe InferenceService has its own host). Created on, and used
 * only from, the lane's event loop.
 */
public final class ModelClients {
  private final TargetClient[] byModel;
  private final List<TargetClient> all;

  private ModelClients(TargetClient[] byModel, List<TargetClient> all) {
    this.byModel = byModel;
    this.all = all;
  }

  /**
   * @param sourceHost nullable: the local address connections leave from
   */
  public static ModelClients create(
      Vertx vertx, PreparedTarget prepared, List<Model> models, String sourceHost) {
    return create(vertx, prepared, models, sourceHost, 0);
  }

  /**
   * @param sourceHost nullable: the local address connections leave from
   * @param firstPayload where each client starts in the prepared KServe requests (see {@link
   *     TargetClients#create(Vertx, PreparedTarget, String, int)})
   */
  public static ModelClients create(
      Vertx vertx,
      PreparedTarget prepared,
      List<Model> models,
      String sourceHost,
      int firstPayload) {
    Map<URI, TargetClient> byUrl = new LinkedHashMap<>();
    TargetClient[] byModel = new TargetClient[models.size()];
    for (int i = 0; i < models.size(); i++) {
      URI url = models.get(i).url() != null ? models.get(i).url() : prepared.target().url();
      byModel[i] =
          byUrl.computeIfAbsent(
              url, u -> TargetClients.create(vertx, prepared.withUrl(u), sourceHost, firstPayload));
    }
    return new ModelClients(byModel, new ArrayList<>(byUrl.values()));
  }

  /** The client for the model at {@code index} of the plan's list. */
  public TargetClient of(int index) {
    return byModel[index];
  }

  public Future<Void> close() {
    return Future.all(all.stream().map(TargetClient::close).toList()).mapEmpty();
  }
}
