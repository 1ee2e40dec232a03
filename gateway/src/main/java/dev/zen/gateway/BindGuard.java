package dev.zen.gateway;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Refuses to start a gateway without authentication on anything but a loopback address: with
 * {@code ENABLE_AUTH=false}, only this machine may reach port 7000.
 */
@Component
final class BindGuard {

    private static final Logger LOG = LoggerFactory.getLogger(BindGuard.class);

    BindGuard(GatewayProperties properties, @Value("${server.address:127.0.0.1}") String address) throws UnknownHostException {
        if (properties.authEnabled()) {
            return;
        }
        boolean loopback = InetAddress.getByName(address).isLoopbackAddress();
        if (!loopback && !properties.insecureBind()) {
            throw new IllegalStateException("Expected ZEN_COORDINATOR_HOST to be a loopback address while ENABLE_AUTH=false, but it is '"
                    + address + "': an unauthenticated gateway must not listen on the network. Bind 127.0.0.1, or turn auth on.");
        }
        if (!loopback) {
            LOG.warn("SECURITY: the gateway listens on {} without authentication (ZEN_INSECURE_BIND=true)", address);
        }
    }
}
