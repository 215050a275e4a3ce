package io.broadside.agent.client.kserve;

import io.broadside.common.plan.Target;
import io.broadside.common.plan.Tensor;
import io.broadside.protocol.kserve.ModelInferRequest;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The inputs of a target's KServe requests, made once per run on a worker thread: each tensor's
 * elements, and the requests of its protocol encoded ready to send — one, or with a tensor of
 * {@code fill: images} one per image in the seeded order of {@link ImageTensors#order}. Immutable;
 * shared by an agent's lanes, each of which walks the requests from its own offset.
 */
public final class KserveInputs {
  /** No tensors: the target speaks another protocol. */
  public static final KserveInputs NONE = new KserveInputs(List.of(), List.of(), List.of());

  private final List<TensorData> tensors;
  private final List<Buffer> v2Bodies;
  private final List<ModelInferRequest> grpcRequests;

  private KserveInputs(
      List<TensorData> tensors, List<Buffer> v2Bodies, List<ModelInferRequest> grpcRequests) {
    this.tensors = tensors;
    this.v2Bodies = List.copyOf(v2Bodies);
    this.grpcRequests = List.copyOf(grpcRequests);
  }

  /**
   * Makes the elements and encodes the requests of {@code target}'s protocol. Blocking (tensor and
   * image files, decoding): call on a worker thread.
   *
   * @throws IllegalArgumentException when a file does not give the tensor its elements, or the
   *     encoded requests would take more than {@link Tensor#MAX_IMAGE_BYTES}; the message names the
   *     tensor's JSON path
   */
  public static KserveInputs prepare(Target target, long seed) {
    List<Tensor> plan = target.tensors();
    if (plan.isEmpty()) {
      return NONE;
    }
    int imageAt = -1;
    List<TensorData> data = Arrays.asList(new TensorData[plan.size()]);
    for (int i = 0; i < plan.size(); i++) {
      if (plan.get(i).fill() == Tensor.Fill.IMAGES) {
        imageAt = i;
      } else {
        data.set(i, TensorData.of(plan.get(i), seed));
      }
    }
    List<TensorData> fixed = imageAt < 0 ? List.copyOf(data) : List.of();
    return switch (target.protocol()) {
      case KSERVE_V2 ->
          new KserveInputs(
              fixed,
              encode(
                  plan,
                  imageAt,
                  seed,
                  image -> KserveDialects.v2Body(plan, data, image),
                  Buffer::length),
              List.of());
      case KSERVE_V2_GRPC -> {
        KserveGrpcClients.Encoder encoder = new KserveGrpcClients.Encoder(plan, data);
        yield new KserveInputs(
            fixed,
            List.of(),
            encode(plan, imageAt, seed, encoder::request, ModelInferRequest::getSerializedSize));
      }
      default -> new KserveInputs(fixed, List.of(), List.of());
    };
  }

  /** One request, or one per image in the seeded order, within the bytes held ready. */
  private static <T> List<T> encode(
      List<Tensor> plan,
      int imageAt,
      long seed,
      Function<ImageElements, T> request,
      ToLongFunction<T> size) {
    if (imageAt < 0) {
      return List.of(request.apply(null));
    }
    Tensor tensor = plan.get(imageAt);
    String path = "$.target.tensors[" + imageAt + "].images";
    List<Path> order = ImageTensors.order(tensor, seed);
    List<T> requests = new ArrayList<>(order.size());
    long bytes = 0;
    for (Path file : order) {
      ImageElements elements;
      try {
        elements = ImageTensors.elements(tensor, file);
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException(
            path + ": cannot decode " + file + ": " + e.getMessage());
      }
      T encoded = request.apply(elements);
      bytes += size.applyAsLong(encoded);
      if (bytes > Tensor.MAX_IMAGE_BYTES) {
        throw new IllegalArgumentException(
            path
                + ": the requests of "
                + order.size()
                + " images take more than the "
                + (Tensor.MAX_IMAGE_BYTES >> 20)
                + " MiB held ready (past "
                + (bytes >> 20)
                + " MiB after "
                + (requests.size() + 1)
                + "); use fewer or smaller images (REST JSON spells an FP32 element in about 11"
                + " bytes, gRPC's raw contents in 4)");
      }
      requests.add(encoded);
    }
    return requests;
  }

  /** Every tensor's elements, in the plan's order; empty when a tensor takes images. */
  public List<TensorData> tensors() {
    return tensors;
  }

  /** {@code kserve-v2}: the request bodies, in the order requests take them. */
  public List<Buffer> v2Bodies() {
    return v2Bodies;
  }

  /** {@code kserve-v2-grpc}: the requests (no model name), in the order requests take them. */
  public List<ModelInferRequest> grpcRequests() {
    return grpcRequests;
  }
}
