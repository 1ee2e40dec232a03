package dev.zen.gateway.rest;

import dev.zen.gateway.core.RateLimited;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The error bodies of the REST API, {@code {"error": {code, message, data}}}, and the headers that go with 403 and 429. */
final class RestErrors {

    private RestErrors() {
    }

    static ResponseEntity<JsonNode> error(HttpStatus status, int code, String message, JsonNode data) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        if (data != null) {
            error.set("data", data);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    /** An error whose {@code data.field} names the request field that is wrong (null: none). */
    static ResponseEntity<JsonNode> fieldError(HttpStatus status, int code, String message, String field) {
        return error(status, code, message, field == null ? null : JsonNodeFactory.instance.objectNode().put("field", field));
    }

    /** 403 with {@code WWW-Authenticate: Bearer error="insufficient_scope"} and -32003. */
    static ResponseEntity<JsonNode> forbidden(String message, JsonNode data) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN).header("WWW-Authenticate", "Bearer error=\"insufficient_scope\"")
                .contentType(MediaType.APPLICATION_JSON).body(error(HttpStatus.FORBIDDEN, -32003, message, data).getBody());
    }

    /** 429 with {@code Retry-After} and -32004 whose data says when to retry. */
    static ResponseEntity<JsonNode> tooMany(RateLimited limited) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("retryAfterMs", limited.retryAfterMillis())
                .put("retryAfterSeconds", limited.retryAfterSeconds());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", Long.toString(limited.retryAfterSeconds()))
                .contentType(MediaType.APPLICATION_JSON)
                .body(error(HttpStatus.TOO_MANY_REQUESTS, -32004, limited.getMessage(), data).getBody());
    }
}
