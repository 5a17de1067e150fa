package io.promethium.api;

/**
 * One API operation. It runs on a worker thread (it may block on storage or the query engine) and
 * either returns a response or throws {@link ApiException} for an error envelope.
 */
@FunctionalInterface
public interface ApiEndpoint {
  ApiResponse handle(ApiRequest request) throws Exception;
}
