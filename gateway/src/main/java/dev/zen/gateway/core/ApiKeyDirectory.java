package dev.zen.gateway.core;

import dev.zen.schemas.ApiKey;
import java.util.Optional;

/** The API keys of service accounts (hashes only), looked up by the id a presented key names. */
public interface ApiKeyDirectory {

    Optional<ApiKey> byId(String id);
}
