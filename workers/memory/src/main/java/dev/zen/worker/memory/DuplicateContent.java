package dev.zen.worker.memory;

/** A store refused to give a memory the text another memory of its namespace already holds. */
final class DuplicateContent extends IllegalArgumentException {

    DuplicateContent(String namespace, Throwable cause) {
        super("Expected content not already stored in namespace " + namespace + ", but another memory there holds the same text", cause);
    }
}
