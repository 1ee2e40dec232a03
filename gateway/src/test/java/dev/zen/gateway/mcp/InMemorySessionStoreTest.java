package dev.zen.gateway.mcp;

class InMemorySessionStoreTest extends SessionStoreContract {

    private final InMemorySessionStore store = new InMemorySessionStore();

    @Override
    SessionStore store() {
        return store;
    }
}
