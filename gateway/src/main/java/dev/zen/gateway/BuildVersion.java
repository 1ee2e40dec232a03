package dev.zen.gateway;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Component;

/** The gateway's version as the build recorded it ({@code dev} when run from classes without build info). */
@Component
public final class BuildVersion {

    private final String value;

    BuildVersion(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        this.value = properties == null ? "dev" : properties.getVersion();
    }

    public String value() {
        return value;
    }
}
